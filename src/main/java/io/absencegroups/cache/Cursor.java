package io.absencegroups.cache;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A place in a store's change log, as consumers hold it: opaque text such as
 * {@code 5f0c2a9e41d7b3c8-1042}. The epoch names the log; a cursor from another log (another
 * process's memory, another store) has another epoch and is refused as expired, never read as a
 * position in this one.
 *
 * @param epoch    the log's identity: 16 lower-case hex digits
 * @param position the last log position the holder has seen; 0 before the first change
 */
public record Cursor(String epoch, long position) {

    /** The longest cursor text we accept: epoch, dash, a long. Longer is not ours. */
    public static final int MAX_LENGTH = 16 + 1 + 19;

    private static final Pattern EPOCH = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern TEXT = Pattern.compile("([0-9a-f]{16})-(0|[1-9][0-9]{0,18})");

    public Cursor {
        if (!EPOCH.matcher(epoch).matches()) {
            throw new IllegalArgumentException("a log epoch is 16 lower-case hex digits");
        }
        if (position < 0) {
            throw new IllegalArgumentException("a log position is not negative");
        }
    }

    /**
     * Reads a cursor that this service handed out.
     *
     * @throws MalformedCursorException when the text is not of our making
     */
    public static Cursor parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            throw new MalformedCursorException("not a cursor of this service");
        }
        Matcher matcher = TEXT.matcher(text);
        if (!matcher.matches()) {
            throw new MalformedCursorException("not a cursor of this service");
        }
        try {
            return new Cursor(matcher.group(1), Long.parseLong(matcher.group(2)));
        } catch (NumberFormatException e) {
            throw new MalformedCursorException("not a cursor of this service");
        }
    }

    /** The text to hand out. */
    public String text() {
        return epoch + "-" + position;
    }

    @Override
    public String toString() {
        return text();
    }
}
