package io.absencegroups.cache;

import java.util.List;

/**
 * All live groups, sorted by id, with the counters read before they were collected: the content
 * is at least as new as the counters say, never older, so a cache keyed on them is never stale.
 *
 * @param highWaterMark the greatest applied changeVersion; null while the store is empty
 * @param modifications how many changes the store has applied since it was created
 */
public record Snapshot(List<AbsenceGroup> groups, ChangeVersion highWaterMark, long modifications) {
}
