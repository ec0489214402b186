package io.absencegroups.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.absencegroups.api.ChangeFeed;
import io.absencegroups.api.Problem;
import io.vertx.core.buffer.Buffer;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Events as Server-Sent Events frames ({@code id:}, {@code event:}, {@code data:} and a blank
 * line), for the watchers of one lane. Every watcher sends the same change, so each change's frame
 * is made once per lane and reused; only the lane's thread uses this, so the cache needs no lock.
 * The data is compact JSON, which has no line breaks, so it is always one {@code data:} line.
 */
final class EventText {

    /** Enough for a burst of changes that all watchers of the lane read in the same round. */
    private static final int CACHED_CHANGES = 1024;

    private final ObjectMapper mapper;
    private final Map<Long, Buffer> changes = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Buffer> eldest) {
            return size() > CACHED_CHANGES;
        }
    };

    EventText(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    Buffer frame(WatchEvent event) {
        if (event.kind() == WatchEvent.Kind.CHANGE) {
            // a position holds one entry; a type filter may send it as a Delete, hence the second bit
            boolean delete = "Delete".equals(((ChangeFeed.Item) event.data()).changeType());
            return changes.computeIfAbsent(event.position() << 1 | (delete ? 1 : 0), key -> make(event));
        }
        return make(event);
    }

    private Buffer make(WatchEvent event) {
        String data = event.data() instanceof Problem problem ? problem.toJson() : json(event.data());
        StringBuilder frame = new StringBuilder(data.length() + 64);
        if (event.id() != null) {
            frame.append("id:").append(event.id()).append('\n');
        }
        frame.append("event:").append(event.kind().eventName()).append('\n')
                .append("data:").append(data).append("\n\n");
        return Buffer.buffer(frame.toString().getBytes(StandardCharsets.UTF_8));
    }

    private String json(Object data) {
        try {
            return mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
