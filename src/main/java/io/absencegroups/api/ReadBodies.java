package io.absencegroups.api;

import io.absencegroups.cache.ChangeVersion;
import io.absencegroups.cache.ChangesPage;
import io.absencegroups.cache.Snapshot;
import io.absencegroups.cache.Stored;
import io.absencegroups.json.GroupBytes;
import io.absencegroups.json.JsonSink;

import java.util.Set;

/**
 * The read API's answers, assembled from each entry's ready-made bytes: no object mapper, no
 * per-request rendering of a group that did not change. The shapes are those of the OpenAPI
 * schemas in {@link ReadApiSchemas}.
 */
final class ReadBodies {

    private static final byte[] LIST_START = "{\"value\":[".getBytes();
    private static final byte[] UPSERT = "{\"changeType\":\"InsertOrUpdate\",\"data\":".getBytes();
    private static final byte[] DELETE = "{\"changeType\":\"Delete\",\"data\":{\"id\":".getBytes();

    private ReadBodies() {
    }

    /** The entry's group as myProtime shapes it, made once per state. */
    static byte[] group(Stored.Live live) {
        return live.json().of(live.group(), GroupBytes::render);
    }

    /** The entry's group, with {@code displayName} for {@code language} when it is not null. */
    static byte[] group(Stored.Live live, String language) {
        byte[] rendered = group(live);
        if (language == null) {
            return rendered;
        }
        JsonSink out = new JsonSink(rendered.length + 48);
        GroupBytes.appendLocalized(out, rendered, live.group().displayName(language));
        return out.toByteArray();
    }

    /** {@code {"value":[…],"changeVersion":…,"cursor":…}}: the groups of {@code types} (all when null). */
    static byte[] list(Snapshot snapshot, Set<String> types, String language) {
        JsonSink out = new JsonSink(snapshot.entries().size() * 160 + 96);
        out.append(LIST_START);
        boolean first = true;
        for (Stored.Live live : snapshot.entries()) {
            // Set.of(...).contains(null) throws: a group without a type matches no type filter
            if (types != null && (live.group().type() == null || !types.contains(live.group().type()))) {
                continue;
            }
            if (!first) {
                out.append((byte) ',');
            }
            first = false;
            if (language == null) {
                out.append(group(live));
            } else {
                GroupBytes.appendLocalized(out, group(live), live.group().displayName(language));
            }
        }
        out.ascii("],\"changeVersion\":");
        version(out, snapshot.highWaterMark());
        out.ascii(",\"cursor\":\"").ascii(snapshot.cursor().text()).ascii("\"}");
        return out.toByteArray();
    }

    /** {@code {"value":[{changeType, data}…],"cursor":…,"hasMore":…}} in log order. */
    static byte[] feed(ChangesPage page) {
        JsonSink out = new JsonSink(page.changes().size() * 200 + 96);
        out.append(LIST_START);
        boolean first = true;
        for (Stored stored : page.changes()) {
            if (!first) {
                out.append((byte) ',');
            }
            first = false;
            if (stored instanceof Stored.Live live) {
                out.append(UPSERT).append(group(live)).append((byte) '}');
            } else {
                out.append(DELETE).ascii(Long.toString(stored.id())).ascii(",\"changeVersion\":");
                version(out, stored.changeVersion());
                out.ascii("}}");
            }
        }
        out.ascii("],\"cursor\":\"").ascii(page.next().text()).ascii("\",\"hasMore\":").ascii(page.complete() ? "false}" : "true}");
        return out.toByteArray();
    }

    private static void version(JsonSink out, ChangeVersion version) {
        // a changeVersion is hex digits (checked when parsed): nothing to escape
        if (version == null) {
            out.ascii("null");
        } else {
            out.append((byte) '"').ascii(version.text()).append((byte) '"');
        }
    }
}
