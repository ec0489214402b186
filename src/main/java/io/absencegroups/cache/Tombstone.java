package io.absencegroups.cache;

import java.time.Instant;

/**
 * What a delete leaves behind: the id and the version it was deleted at, so that an older upsert
 * arriving later (deliveries are unordered) cannot bring the group back.
 *
 * A delete that a full sync's reconcile found (the group was missing from a complete listing) has
 * no changeVersion of its own from myProtime. Its tombstone carries the listing's version instead:
 * the greatest changeVersion known when the listing began or seen in it. That is a real version,
 * so it blocks every upsert from before the listing and lets every later real change through.
 *
 * @param deletedAt when the store applied the delete; tombstones are purged by age from this
 */
public record Tombstone(long id, ChangeVersion changeVersion, long position, Instant deletedAt) implements Stored {
}
