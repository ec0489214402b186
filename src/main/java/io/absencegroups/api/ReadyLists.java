package io.absencegroups.api;

import io.absencegroups.cache.Cursor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The list answers of the store's current log position, ready to send: rendered once per position,
 * type filter and language, and dropped all at once when the position moves on.
 * <p>
 * Bounded: only the current position's answers are kept, at most {@value #MAX_VARIANTS} variants
 * (filter and language) and at most {@value #MAX_BYTES} bytes of them, the least recently used
 * going first; a variant beyond the bound is rendered for its request and not kept.
 */
final class ReadyLists {

    static final int MAX_VARIANTS = 16;
    static final int MAX_BYTES = 8 * 1024 * 1024;

    /** One variant of the list: which types (null for all) in which language (null for none). */
    record Variant(Set<String> types, String language) {
    }

    /** A list answer and the strong ETag of the position it was taken at. */
    record Body(byte[] bytes, String etag) {
    }

    private final AtomicReference<Position> current = new AtomicReference<>();

    /** The answer for {@code variant} at exactly {@code cursor}, or null when none is ready. */
    Body get(Cursor cursor, Variant variant) {
        Position position = current.get();
        return position != null && position.cursor.equals(cursor) ? position.get(variant) : null;
    }

    /** The quoted ETag of {@code cursor}, without building a new string while the position stands. */
    String etag(Cursor cursor) {
        Position position = current.get();
        return position != null && position.cursor.equals(cursor) ? position.etag : EntityTags.quote(cursor.text());
    }

    /** Keeps {@code bytes}, the list at {@code cursor}, unless a later position is current already. */
    Body put(Cursor cursor, Variant variant, byte[] bytes) {
        Position position = current.updateAndGet(now -> now != null && !newer(cursor, now.cursor) ? now : new Position(cursor));
        Body body = new Body(bytes, position.cursor.equals(cursor) ? position.etag : EntityTags.quote(cursor.text()));
        if (position.cursor.equals(cursor)) {
            position.put(variant, body);
        }
        return body;
    }

    /** Whether {@code cursor} should replace {@code current}: another epoch (the store started over) or a later position. */
    private static boolean newer(Cursor cursor, Cursor current) {
        return !Objects.equals(cursor.epoch(), current.epoch()) || cursor.position() > current.position();
    }

    /** The answers of one position: a small LRU map behind one lock, held only to look up or add. */
    private static final class Position {
        final Cursor cursor;
        final String etag;
        private final LinkedHashMap<Variant, Body> bodies = new LinkedHashMap<>(32, 0.75f, true);
        private long bytes;

        Position(Cursor cursor) {
            this.cursor = cursor;
            this.etag = EntityTags.quote(cursor.text());
        }

        synchronized Body get(Variant variant) {
            return bodies.get(variant);
        }

        synchronized void put(Variant variant, Body body) {
            if (body.bytes().length > MAX_BYTES) {
                return;
            }
            Body replaced = bodies.put(variant, body);
            bytes += body.bytes().length - (replaced == null ? 0 : replaced.bytes().length);
            var eldest = bodies.entrySet().iterator();
            while (bodies.size() > MAX_VARIANTS || bytes > MAX_BYTES) {
                Map.Entry<Variant, Body> dropped = eldest.next();
                bytes -= dropped.getValue().bytes().length;
                eldest.remove();
            }
        }
    }
}
