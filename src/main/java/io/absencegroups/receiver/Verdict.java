package io.absencegroups.receiver;

/**
 * What the signature check found.
 *
 * @param outcome  valid, or why not
 * @param header   the header that carried the valid signature; null unless valid
 * @param keyName  the name of the key that produced it; null unless valid
 * @param keyCount how many keys were active
 */
public record Verdict(Outcome outcome, String header, String keyName, int keyCount) {

    public enum Outcome {
        /** A header carries a signature one of the keys produced. */
        VALID,
        /** No header carries anything shaped like a signature. */
        MISSING,
        /** The pinned header is there, but is neither hex nor base64 of 32 bytes. */
        UNREADABLE,
        /** A signature is there, but no active key produced it (or there is no key). */
        MISMATCH
    }

    public boolean valid() {
        return outcome == Outcome.VALID;
    }

    /** Why the delivery is not authentic, for the log; names headers, never a signature or a key. */
    public String reason(String pinnedHeader) {
        return switch (outcome) {
            case VALID -> "signed with key " + keyName + " in header " + header;
            case MISSING -> pinnedHeader != null
                    ? "no " + pinnedHeader + " header"
                    : "no header carries an HMAC-SHA256 signature (hex or base64)";
            case UNREADABLE -> "the " + pinnedHeader + " header is neither hex nor base64 of an HMAC-SHA256 signature";
            case MISMATCH -> keyCount == 0
                    ? "there is no webhook key yet to check the signature with"
                    : "the signature matches none of the " + keyCount + " active key(s)";
        };
    }
}
