package io.absencegroups.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growing byte array that answers are assembled in from ready-made pieces: one thread, no
 * locking (unlike {@code ByteArrayOutputStream}), and the array is handed out without a copy when
 * it is exactly full.
 */
public final class JsonSink {

    private byte[] bytes;
    private int size;

    public JsonSink(int expectedSize) {
        bytes = new byte[Math.max(16, expectedSize)];
    }

    public JsonSink append(byte[] piece) {
        return append(piece, 0, piece.length);
    }

    public JsonSink append(byte[] piece, int from, int length) {
        ensure(length);
        System.arraycopy(piece, from, bytes, size, length);
        size += length;
        return this;
    }

    public JsonSink append(byte b) {
        ensure(1);
        bytes[size++] = b;
        return this;
    }

    /** Appends text that needs no JSON escaping (field names, hex versions, cursors) as ASCII. */
    public JsonSink ascii(String text) {
        return append(text.getBytes(StandardCharsets.US_ASCII));
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
