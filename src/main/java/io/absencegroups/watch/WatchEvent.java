package io.absencegroups.watch;

import io.absencegroups.api.ChangeFeed;
import io.absencegroups.api.Problem;
import io.absencegroups.cache.Cursor;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One event of the watch stream.
 *
 * @param kind     the SSE event name
 * @param id       the SSE {@code id:}, the cursor to resume from after this event; null sends none (the
 *                 consumer keeps its last one), empty resets it
 * @param position the log position of a {@code change} event's entry, else -1
 * @param data     what goes, as JSON, in {@code data:}
 */
public record WatchEvent(Kind kind, String id, long position, Object data) {

    /** The four event names. */
    public enum Kind {
        /** A group changed: the same item as in the polled feed. */
        CHANGE("change"),
        /** The cursor the consumer has everything up to: the end of the initial state, or periodic. */
        BOOKMARK("bookmark"),
        /** The cursor cannot be continued; the stream ends. */
        EXPIRED("expired"),
        /** The consumer read too slowly; the stream ends. */
        OVERFLOW("overflow");

        private final String eventName;

        Kind(String eventName) {
            this.eventName = eventName;
        }

        /** The name in {@code event:}; also the metrics tag. */
        public String eventName() {
            return eventName;
        }
    }

    static WatchEvent change(Cursor cursor, ChangeFeed.Item item) {
        return new WatchEvent(Kind.CHANGE, cursor.text(), cursor.position(), item);
    }

    static WatchEvent bookmark(Cursor cursor, boolean initialEventsEnd) {
        return new WatchEvent(Kind.BOOKMARK, cursor.text(), -1, new Bookmark(cursor.text(), initialEventsEnd));
    }

    /** Resets the consumer's last id, so a plain EventSource reconnects from the start rather than with a dead cursor. */
    static WatchEvent expired(Problem problem) {
        return new WatchEvent(Kind.EXPIRED, "", -1, problem);
    }

    static WatchEvent overflow(Cursor cursor, String detail) {
        return new WatchEvent(Kind.OVERFLOW, cursor.text(), -1, new Overflow(cursor.text(), detail));
    }

    /**
     * The data of a {@code bookmark}.
     *
     * @param cursor           the consumer has every change up to this cursor
     * @param initialEventsEnd true on the bookmark that ends the initial state of {@code ?initial=true}
     */
    @RegisterForReflection
    public record Bookmark(String cursor, boolean initialEventsEnd) {
    }

    /**
     * The data of an {@code overflow}.
     *
     * @param cursor where to resume: the id of the last event written before it
     */
    @RegisterForReflection
    public record Overflow(String cursor, String detail) {
    }
}
