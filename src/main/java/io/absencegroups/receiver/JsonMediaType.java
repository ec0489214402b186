package io.absencegroups.receiver;

/** Whether a delivery's Content-Type says JSON. */
final class JsonMediaType {

    private JsonMediaType() {
    }

    /**
     * True for {@code application/json} and {@code application/<anything>+json}, with any
     * parameters and in any case. A missing Content-Type is accepted too: myProtime does not
     * publish what it sends, and the body is parsed as JSON (and refused with 400 if it is not).
     */
    static boolean accepts(String contentType) {
        if (contentType == null) {
            return true;
        }
        int end = contentType.indexOf(';');
        String type = (end < 0 ? contentType : contentType.substring(0, end)).trim();
        if (!type.regionMatches(true, 0, "application/", 0, 12)) {
            return false;
        }
        String subtype = type.substring(12);
        return subtype.equalsIgnoreCase("json")
                || (subtype.length() > 5 && subtype.regionMatches(true, subtype.length() - 5, "+json", 0, 5));
    }
}
