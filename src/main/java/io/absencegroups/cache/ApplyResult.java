package io.absencegroups.cache;

/** What the store did with one change. */
public enum ApplyResult {
    /** The change was newer than anything stored for its id, and is now the truth. */
    APPLIED,
    /** The stored version for the id is the same: a redelivery, ignored. */
    DUPLICATE,
    /** The stored version for the id (live or tombstone) is newer: a late delivery, ignored. */
    STALE
}
