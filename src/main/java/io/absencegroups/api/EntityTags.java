package io.absencegroups.api;

/** Strong entity tags and the If-None-Match check (weak comparison, as RFC 9110 asks for that header). */
final class EntityTags {

    private EntityTags() {
    }

    static String quote(String opaque) {
        return '"' + opaque + '"';
    }

    /** True when {@code ifNoneMatch} names {@code etag} (or is {@code *}): the client's copy is current. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
