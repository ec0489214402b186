package io.absencegroups.api;

import io.absencegroups.cache.Cursor;
import io.absencegroups.cache.MalformedCursorException;
import jakarta.ws.rs.core.MultivaluedMap;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks of query parameters. An unknown parameter is refused rather than ignored, because a
 * typo such as {@code ?typ=Absence} would otherwise silently answer the unfiltered list. Public for
 * the watch stream, which takes the same parameters.
 */
public final class QueryParams {

    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");

    private QueryParams() {
    }

    public static void allowOnly(MultivaluedMap<String, String> query, Set<String> allowed) {
        if (allowed.containsAll(query.keySet())) {
            return;
        }
        Set<String> unknown = new TreeSet<>(query.keySet());
        unknown.removeAll(allowed);
        StringBuilder given = new StringBuilder();
        for (String name : unknown) {
            given.append(given.length() == 0 ? "" : ", ").append(clip(name)).append("='").append(clip(String.join(",", query.get(name)))).append('\'');
        }
        throw ProblemException.badRequest("unknown query parameter(s) " + unknown + " (got " + given + "); allowed: " + new TreeSet<>(allowed));
    }

    /** The one value of {@code name} (empty when given as {@code ?name=}), or null when absent. */
    public static String single(MultivaluedMap<String, String> query, String name) {
        java.util.List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ProblemException.badRequest("'" + name + "' may be given only once, got '"
                    + clip(String.join("', '", values)) + "'");
        }
        return values.get(0);
    }

    static String language(MultivaluedMap<String, String> query) {
        String lang = single(query, "lang");
        if (lang == null) {
            return null;
        }
        if (!LANGUAGE_TAG.matcher(lang).matches()) {
            throw ProblemException.badRequest("'lang' must be a language tag such as nl or fr-BE, got '" + clip(lang) + "'");
        }
        return lang;
    }

    /** The wanted types, or null for all. */
    public static Set<String> types(MultivaluedMap<String, String> query) {
        java.util.List<String> types = query.get("type");
        return types == null || types.isEmpty() ? null : Set.copyOf(types.stream().map(QueryParams::type).toList());
    }

    private static String type(String type) {
        if (!TYPE.matcher(type).matches()) {
            throw ProblemException.badRequest(
                    "'type' must be an absence-group type name such as Absence or WorkingElsewhere, got '" + clip(type) + "'");
        }
        return type;
    }

    static long id(String id) {
        if (id.isEmpty() || id.length() > 18 || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ProblemException.badRequest("'id' (the path's absence-group id) must be a non-negative integer, got '" + clip(id) + "'");
        }
        return Long.parseLong(id);
    }

    static int limit(MultivaluedMap<String, String> query, int defaultLimit, int maxLimit) {
        String limit = single(query, "limit");
        if (limit == null) {
            return defaultLimit;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= maxLimit) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw ProblemException.badRequest("'limit' must be an integer from 1 to " + maxLimit + ", got '" + clip(limit) + "'");
    }

    /** The {@code after} cursor, or null when absent; a text that is not one of ours is a 400 naming it. */
    public static Cursor cursor(MultivaluedMap<String, String> query) {
        String after = single(query, "after");
        if (after == null) {
            return null;
        }
        try {
            return Cursor.parse(after);
        } catch (MalformedCursorException e) {
            throw ProblemException.badRequest("'after' must be a cursor from an earlier answer of this service, got '"
                    + clip(after) + "'; start without 'after', or from the cursor of GET /absence-groups");
        }
    }

    /** Echo at most a short prefix of what the client sent, so a huge value does not bloat the answer. */
    public static String clip(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
