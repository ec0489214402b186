package io.absencegroups.cache;

import java.util.Locale;
import java.util.Objects;

/**
 * The position of a change in myProtime's history, e.g. {@code 0000090200004BD0000A}.
 * <p>
 * myProtime documents these as strings that order by string comparison (20 upper-case hex
 * characters). We compare defensively, because deliveries are at-least-once and unordered and
 * the format is not promised: case is ignored, and a shorter value is treated as if left-padded
 * with zeros, so {@code "A"} equals {@code "000a"} and {@code "100"} is greater than {@code "FF"}.
 * The text is kept exactly as received so the API returns what myProtime sent.
 */
public final class ChangeVersion implements Comparable<ChangeVersion> {

    /** Longer than anything myProtime sends (20), short enough that a hostile value costs nothing. */
    public static final int MAX_LENGTH = 64;

    /** Hex digits that fit in {@link #head}. */
    private static final int HEAD_DIGITS = 16;

    private final String text;
    /** Upper-case, without leading zeros: two values compare by length, then as strings. */
    private final String canonical;
    /** {@code canonical.length()}, kept here because every comparison reads it first. */
    private final int length;
    /**
     * The first (up to) 16 canonical digits as an unsigned number. Between values of one length it
     * orders as those digits do as a string, so most comparisons (the store's history index makes
     * many per change) end here without reading the strings.
     */
    private final long head;

    private ChangeVersion(String text, String canonical) {
        this.text = text;
        this.canonical = canonical;
        this.length = canonical.length();
        this.head = length == 0 ? 0 : Long.parseUnsignedLong(canonical, 0, Math.min(length, HEAD_DIGITS), 16);
    }

    /**
     * Parses and validates a changeVersion.
     *
     * @throws MalformedChangeVersionException when empty, too long, or not hexadecimal
     */
    public static ChangeVersion parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new MalformedChangeVersionException("changeVersion must not be empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new MalformedChangeVersionException(
                    "changeVersion must be at most " + MAX_LENGTH + " hexadecimal characters, got " + text.length());
        }
        int firstSignificant = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isHex(c)) {
                throw new MalformedChangeVersionException(
                        "changeVersion must contain only hexadecimal characters (0-9, A-F); character "
                                + (i + 1) + " is not");
            }
            if (firstSignificant < 0 && c != '0') {
                firstSignificant = i;
            }
        }
        String significant = firstSignificant < 0 ? "" : text.substring(firstSignificant);
        return new ChangeVersion(text, significant.toUpperCase(Locale.ROOT));
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    }

    /**
     * Upper-case, without leading zeros: two versions order by length, then as these strings. A
     * shared store compares versions in this form (a Redis script cannot call {@link #compareTo}).
     */
    public String canonical() {
        return canonical;
    }

    /** The text exactly as myProtime sent it. */
    public String text() {
        return text;
    }

    @Override
    public int compareTo(ChangeVersion other) {
        int byLength = Integer.compare(length, other.length);
        if (byLength != 0) {
            return byLength;
        }
        int byHead = Long.compareUnsigned(head, other.head);
        // equal heads of values longer than the head: the rest decides, as strings (the heads are equal text)
        return byHead != 0 || length <= HEAD_DIGITS ? byHead : canonical.compareTo(other.canonical);
    }

    public boolean isAfter(ChangeVersion other) {
        return compareTo(other) > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChangeVersion other && length == other.length && head == other.head
                && (length <= HEAD_DIGITS || canonical.equals(other.canonical));
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    public static ChangeVersion max(ChangeVersion a, ChangeVersion b) {
        Objects.requireNonNull(b);
        return a == null || b.isAfter(a) ? b : a;
    }
}
