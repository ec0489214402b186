package io.absencegroups.cache.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.absencegroups.cache.AbsenceGroup;
import io.absencegroups.cache.ChangeVersion;
import io.absencegroups.cache.Stored;
import io.absencegroups.cache.Tombstone;
import io.vertx.mutiny.redis.client.Response;

import java.time.Clock;

/** Reads the entries of the shared log's stream: {@code 0-<position>} with {@code k=U g=<group>} or {@code k=D id v}. */
final class LogEntries {

    private final ObjectMapper mapper;
    private final Clock clock;

    LogEntries(ObjectMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    /** The group's JSON as the stream keeps it: exactly the API's shape, unknown fields included. */
    String write(AbsenceGroup group) {
        try {
            return mapper.writeValueAsString(group);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a group always has JSON", e);
        }
    }

    /** One stream entry: {@code [id, [field, value, …]]}. */
    Stored read(Response entry) {
        long position = position(entry.get(0).toString());
        Response fields = entry.get(1);
        String kind = null;
        String group = null;
        String id = null;
        String version = null;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            String value = fields.get(i + 1).toString();
            switch (fields.get(i).toString()) {
                case "k" -> kind = value;
                case "g" -> group = value;
                case "id" -> id = value;
                case "v" -> version = value;
                default -> { } // a field of a newer version of this service: ignored
            }
        }
        if ("U".equals(kind) && group != null) {
            try {
                return live(mapper.readValue(group, AbsenceGroup.class), position);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("log entry " + position + " holds no readable group", e);
            }
        }
        if ("D".equals(kind) && id != null && version != null) {
            return deleted(Long.parseLong(id), ChangeVersion.parse(version), position);
        }
        throw new IllegalStateException("log entry " + position + " is neither an upsert nor a delete");
    }

    /** The entry an upsert of {@code group} became at {@code position}, as reading it back gives it. */
    Stored live(AbsenceGroup group, long position) {
        return new Stored.Live(group, position);
    }

    /** The entry a delete of {@code id} at {@code version} became at {@code position}, as reading it back gives it. */
    Stored deleted(long id, ChangeVersion version, long position) {
        return new Tombstone(id, version, position, clock.instant());
    }

    /** The position of a stream entry id {@code 0-<position>}. */
    static long position(String entryId) {
        int dash = entryId.indexOf('-');
        return Long.parseLong(entryId.substring(dash + 1));
    }
}
