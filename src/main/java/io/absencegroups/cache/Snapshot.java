package io.absencegroups.cache;

import java.util.List;

/**
 * All live groups, sorted by id, with the cursor read before they were collected: the content is
 * at least as new as the cursor, never older, so a consumer that follows the change log from the
 * cursor misses nothing the list did not show, and a cache keyed on the cursor is never stale.
 *
 * @param entries       the live entries, sorted by id (each with its ready-made JSON slot)
 * @param highWaterMark the greatest applied changeVersion; null while the store is empty
 * @param cursor        the log position this list was taken at
 */
public record Snapshot(List<Stored.Live> entries, ChangeVersion highWaterMark, Cursor cursor) {

    /** The live groups, sorted by id. */
    public List<AbsenceGroup> groups() {
        return entries.stream().map(Stored.Live::group).toList();
    }
}
