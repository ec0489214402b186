package io.absencegroups.cache;

import java.time.Instant;

/**
 * What a delete leaves behind: the id and the version it was deleted at, so that an older upsert
 * arriving later (deliveries are unordered) cannot bring the group back.
 *
 * @param deletedAt when the store applied the delete; tombstones are purged by age from this
 */
public record Tombstone(long id, ChangeVersion changeVersion, long revision, Instant deletedAt) implements Stored {
}
