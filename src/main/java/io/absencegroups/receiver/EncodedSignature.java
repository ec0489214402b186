package io.absencegroups.receiver;

import java.util.Base64;

/**
 * Reads an HMAC-SHA256 signature from a header value. myProtime does not publish the encoding, so
 * both usual ones are accepted: 64 hex digits or base64 (standard or URL-safe alphabet, padding
 * optional), each with an optional {@code sha256=} prefix, as in {@code sha256=9f86d0...}.
 * <p>
 * Anything else is "not a signature" rather than an error: when the header is not pinned, every
 * header of a request is offered here, and most are not signatures. Decoding never throws, so a
 * flood of junk headers costs no exceptions.
 */
public final class EncodedSignature {

    /** The length of an HMAC-SHA256 digest in bytes. */
    public static final int LENGTH = 32;

    private static final String PREFIX = "sha256=";
    private static final int HEX_LENGTH = 2 * LENGTH;
    private static final int BASE64_LENGTH = 44;
    private static final int BASE64_UNPADDED_LENGTH = 43;

    private EncodedSignature() {
    }

    /** The 32 signature bytes in {@code value}, or null when it is not an encoded HMAC-SHA256 signature. */
    public static byte[] decode(String value) {
        if (value == null) {
            return null;
        }
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && value.charAt(end - 1) <= ' ') {
            end--;
        }
        if (end - start > PREFIX.length() && value.regionMatches(true, start, PREFIX, 0, PREFIX.length())) {
            start += PREFIX.length();
        }
        int length = end - start;
        if (length == HEX_LENGTH) {
            return hex(value, start);
        }
        if (length == BASE64_LENGTH || length == BASE64_UNPADDED_LENGTH) {
            return base64(value, start, end);
        }
        return null;
    }

    private static byte[] hex(String value, int start) {
        byte[] out = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            int high = hexDigit(value.charAt(start + 2 * i));
            int low = hexDigit(value.charAt(start + 2 * i + 1));
            if (high < 0 || low < 0) {
                return null;
            }
            out[i] = (byte) ((high << 4) | low);
        }
        return out;
    }

    /** ASCII only: {@link Character#digit} would also accept other scripts' digits. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static byte[] base64(String value, int start, int end) {
        // 32 bytes are 43 characters, plus one '=' when padded
        if (end - start == BASE64_LENGTH) {
            if (value.charAt(end - 1) != '=') {
                return null;
            }
            end--;
        }
        boolean standard = false;
        boolean urlSafe = false;
        for (int i = start; i < end; i++) {
            char c = value.charAt(i);
            if (c == '+' || c == '/') {
                standard = true;
            } else if (c == '-' || c == '_') {
                urlSafe = true;
            } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return null;
            }
        }
        if (standard && urlSafe) {
            return null;
        }
        byte[] out = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(value.substring(start, end));
        return out.length == LENGTH ? out : null;
    }
}
