package io.absencegroups.cache.redis;

import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.Stored;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Puts the shared log's entries into this pod's replica in position order, from two sources: the
 * tail, which reads every entry back from Redis, and this pod's own script answers, which say at
 * which positions its own changes went. A pod then shows its own changes as soon as Redis answered,
 * without waiting for the tail to bring them back and without decoding them again when it does.
 * <p>
 * The replica holds every entry of the shared log up to its position (the stream drops an entry
 * only for a newer one of the same id, at a greater position). The tail keeps that true by reading
 * in order; an answer keeps it true because a script call's applied changes take consecutive
 * positions: a run of them is applied only when it starts right after the replica's position. A
 * run that starts further on (another pod wrote in between, or its call overtook an earlier one)
 * waits here until the tail or an earlier run reaches it. Whatever does not fit is left to the
 * tail, which brings everything anyway: this only saves work, it never decides what the replica holds.
 * <p>
 * Thread-safe: the tail and the answers come on different event loops; one lock orders them, and
 * it also covers the replica's resets and purges.
 */
final class ReplicaFeed {

    /** Own entries that may wait for the tail; beyond this an answer's run is left to the tail. */
    static final int MAX_WAITING = 10_000;

    private final AbsenceGroupStore store;
    /** Runs of own entries not applied yet, by the position before their first entry; guarded by this. */
    private final TreeMap<Long, List<Stored>> waiting = new TreeMap<>();
    private int waitingEntries;

    ReplicaFeed(AbsenceGroupStore store) {
        this.store = store;
    }

    /**
     * From the tail: the log's entry at {@code position}. {@code read} decodes it, and is called only
     * when the replica has not got it yet and no answer told this pod what it holds.
     */
    synchronized void fromLog(long position, Supplier<Stored> read) {
        if (position <= store.position()) {
            return;
        }
        Stored known = known(position);
        store.replicate(known != null ? known : read.get());
        applyWaiting();
    }

    /**
     * From this pod's own script call: the changes it applied, at consecutive positions, in the log
     * epoch the call carried (a run of another epoch is of a log this replica no longer follows).
     */
    synchronized void fromAnswer(String epoch, List<Stored> run) {
        if (run.isEmpty() || !epoch.equals(store.epoch()) || !consecutive(run)) {
            return;
        }
        long before = run.get(0).position() - 1;
        if (before <= store.position()) {
            applyFrom(run);
            applyWaiting();
        } else if (waitingEntries + run.size() <= MAX_WAITING) {
            waiting.put(before, run);
            waitingEntries += run.size();
        }
    }

    /** Starts the replica over in a new epoch; what waits belongs to the old one. */
    synchronized void reset(String epoch) {
        store.reset(epoch);
        waiting.clear();
        waitingEntries = 0;
    }

    /** Follows a purge of the shared log (see {@link AbsenceGroupStore#purgeUpTo}). */
    synchronized void purgeUpTo(long horizon) {
        store.purgeUpTo(horizon);
    }

    /** Own entries waiting for the tail. */
    synchronized int waiting() {
        return waitingEntries;
    }

    private Stored known(long position) {
        Map.Entry<Long, List<Stored>> run = waiting.floorEntry(position - 1);
        if (run == null || position - run.getKey() > run.getValue().size()) {
            return null;
        }
        return run.getValue().get((int) (position - run.getKey() - 1));
    }

    /** Runs the replica has reached: what they hold beyond its position goes in, in order. */
    private void applyWaiting() {
        Map.Entry<Long, List<Stored>> first;
        while ((first = waiting.firstEntry()) != null && first.getKey() <= store.position()) {
            waiting.pollFirstEntry();
            waitingEntries -= first.getValue().size();
            applyFrom(first.getValue());
        }
    }

    /** With the run's start at most one past the replica's position: its entries beyond that position. */
    private void applyFrom(List<Stored> run) {
        for (Stored entry : run) {
            if (entry.position() > store.position()) {
                store.replicate(entry);
            }
        }
    }

    private static boolean consecutive(List<Stored> run) {
        for (int i = 1; i < run.size(); i++) {
            if (run.get(i).position() != run.get(i - 1).position() + 1) {
                return false;
            }
        }
        return true;
    }
}
