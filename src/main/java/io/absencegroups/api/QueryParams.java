package io.absencegroups.api;

import jakarta.ws.rs.core.MultivaluedMap;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks of query parameters. An unknown parameter is refused rather than ignored, because a
 * typo such as {@code ?typ=Absence} would otherwise silently answer the unfiltered list.
 */
final class QueryParams {

    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");

    private QueryParams() {
    }

    static void allowOnly(MultivaluedMap<String, String> query, Set<String> allowed) {
        if (allowed.containsAll(query.keySet())) {
            return;
        }
        Set<String> unknown = new TreeSet<>(query.keySet());
        unknown.removeAll(allowed);
        throw ProblemException.badRequest("unknown query parameter(s) " + unknown + "; allowed: " + new TreeSet<>(allowed));
    }

    static String language(String lang) {
        if (lang == null) {
            return null;
        }
        if (!LANGUAGE_TAG.matcher(lang).matches()) {
            throw ProblemException.badRequest("'lang' must be a language tag such as nl or fr-BE, got '" + clip(lang) + "'");
        }
        return lang;
    }

    static String type(String type) {
        if (!TYPE.matcher(type).matches()) {
            throw ProblemException.badRequest(
                    "'type' must be an absence-group type name such as Absence or WorkingElsewhere, got '" + clip(type) + "'");
        }
        return type;
    }

    static long id(String id) {
        if (id.isEmpty() || id.length() > 18 || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ProblemException.badRequest("an absence-group id is a non-negative integer, got '" + clip(id) + "'");
        }
        return Long.parseLong(id);
    }

    static int limit(String limit, int defaultLimit, int maxLimit) {
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

    /** Echo at most a short prefix of what the client sent, so a huge value does not bloat the answer. */
    static String clip(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
