package io.absencegroups.sync;

import java.time.Duration;
import java.time.Instant;

/**
 * What one full sync did.
 *
 * @param trigger   why it ran, e.g. {@code webhook 7f3c… created} or {@code reconcile}
 * @param pages     pages read (an empty page counts)
 * @param items     groups listed upstream and read
 * @param applied   of those, newer than what the store held
 * @param unchanged of those, equal or older (duplicates and stale), ignored by the store
 * @param removed   groups deleted from the store because a complete listing no longer had them
 * @param skipped   listed items that were not valid groups; with any, nothing is removed
 * @param error     why the listing stopped part-way (never a token or key); null unless FAILED
 */
public record SyncReport(String trigger, Outcome outcome, Instant startedAt, Instant finishedAt,
                         int pages, int items, int applied, int unchanged, int removed, int skipped, String error) {

    public enum Outcome {
        /** Every page was read and every item applied; groups missing upstream were removed. */
        COMPLETE,
        /** Every page was read, but some items were unreadable, so nothing was removed. */
        INCOMPLETE,
        /** A page could not be fetched or read: the items applied so far stay, nothing was removed. */
        FAILED;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The listing reached its last page, so every group upstream is now in the store. */
    public boolean finished() {
        return outcome != Outcome.FAILED;
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }
}
