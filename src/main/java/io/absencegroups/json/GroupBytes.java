package io.absencegroups.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.absencegroups.cache.AbsenceGroup;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A group's JSON as bytes, made once per stored state, and the same bytes with {@code displayName}
 * added for one language: the localized form is the stored bytes with one more field before the
 * closing brace, byte for byte what {@link AbsenceGroupJson#write} writes with a display name.
 */
public final class GroupBytes {

    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] DISPLAY_NAME = ",\"displayName\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private GroupBytes() {
    }

    /** myProtime's shape of {@code group}, compact UTF-8. */
    public static byte[] render(AbsenceGroup group) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(256);
             JsonGenerator gen = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            AbsenceGroupJson.write(group, null, gen);
            gen.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends {@code rendered} (from {@link #render}) with {@code displayName} added; as is when that is null. */
    public static void appendLocalized(JsonSink out, byte[] rendered, String displayName) {
        if (displayName == null) {
            out.append(rendered);
            return;
        }
        out.append(rendered, 0, rendered.length - 1); // all but the closing brace
        out.append(DISPLAY_NAME);
        out.append((byte) '"');
        out.append(JsonStringEncoder.getInstance().quoteAsUTF8(displayName));
        out.append((byte) '"');
        out.append((byte) '}');
    }
}
