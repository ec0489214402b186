package io.absencegroups.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.absencegroups.api.ChangeFeed;
import io.absencegroups.api.Problem;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of events, for the watchers of one lane. Every watcher sends the same change, so each
 * change is written to JSON once per lane and reused; only the lane's thread uses this, so the
 * cache needs no lock.
 */
final class EventText {

    /** Enough for a burst of changes that all watchers of the lane read in the same round. */
    private static final int CACHED_CHANGES = 1024;

    private final ObjectMapper mapper;
    private final Map<Long, String> changes = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            return size() > CACHED_CHANGES;
        }
    };

    EventText(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String of(WatchEvent event) {
        return switch (event.kind()) {
            case CHANGE -> {
                // a position holds one entry; a type filter may send it as a Delete, hence the second bit
                boolean delete = "Delete".equals(((ChangeFeed.Item) event.data()).changeType());
                yield changes.computeIfAbsent(event.position() << 1 | (delete ? 1 : 0), key -> json(event.data()));
            }
            case EXPIRED -> ((Problem) event.data()).toJson();
            case BOOKMARK, OVERFLOW -> json(event.data());
        };
    }

    private String json(Object data) {
        try {
            return mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
