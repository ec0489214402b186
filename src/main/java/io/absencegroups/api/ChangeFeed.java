package io.absencegroups.api;

import io.absencegroups.cache.ChangeVersion;
import io.absencegroups.cache.Stored;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * The answer of {@code GET /absence-groups/changes}: items in myProtime's delta shape, in the order
 * the service applied them.
 *
 * @param value   changes in log order, the latest per id; apply them in this order
 * @param cursor  pass it as {@code after} next time
 * @param hasMore true when {@code limit} cut this page: ask again at once
 */
@RegisterForReflection
public record ChangeFeed(List<Item> value, String cursor, boolean hasMore) {

    /**
     * One change.
     *
     * @param changeType {@code InsertOrUpdate} or {@code Delete}
     * @param data       the group, or for a delete only its {@code id} and {@code changeVersion}
     */
    @RegisterForReflection
    public record Item(String changeType, Object data) {

        /** The feed's item for what the store holds. */
        public static Item of(Stored stored) {
            return stored instanceof Stored.Live live
                    ? new Item("InsertOrUpdate", live.group())
                    : new Item("Delete", new Deleted(stored.id(), stored.changeVersion()));
        }
    }

    /**
     * What a delete carries, as in myProtime's delta. A delete that reconcile found carries the
     * version of the listing that no longer had the group.
     */
    @RegisterForReflection
    public record Deleted(long id, ChangeVersion changeVersion) {
    }
}
