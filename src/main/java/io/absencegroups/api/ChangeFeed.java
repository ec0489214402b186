package io.absencegroups.api;

import io.absencegroups.cache.ChangeVersion;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * The answer of {@code GET /absence-groups/changes}: myProtime's delta shape.
 *
 * @param value         changes in changeVersion order, the latest per id
 * @param changeVersion pass it as {@code after} next time
 * @param hasMore       true when {@code limit} cut this page: ask again at once
 */
@RegisterForReflection
public record ChangeFeed(List<Item> value, ChangeVersion changeVersion, boolean hasMore) {

    /**
     * One change.
     *
     * @param changeType {@code InsertOrUpdate} or {@code Delete}
     * @param data       the group, or for a delete only its {@code id} and {@code changeVersion}
     */
    @RegisterForReflection
    public record Item(String changeType, Object data) {
    }

    /** What a delete carries, as in myProtime's delta. */
    @RegisterForReflection
    public record Deleted(long id, ChangeVersion changeVersion) {
    }
}
