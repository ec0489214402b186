package io.absencegroups.watch;

import io.absencegroups.cache.ChangeLog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The watchers whose connections live on one event loop, and the one wait on the change log they
 * share. An append completes the log's wait on the appending thread (a delivery's event loop,
 * inside the store's update of that id), so that thread only hands one task to each lane, however
 * many watchers there are; the lane then wakes its watchers on its own loop.
 * <p>
 * Every method but {@link #execute} runs on the lane.
 */
final class Lane implements Executor {

    private final ChangeLog log;
    private final Executor loop;
    private final Set<Watcher> watchers = new LinkedHashSet<>();
    private boolean waiting;

    /** @param loop runs tasks one at a time, in order, on this lane's thread */
    Lane(ChangeLog log, Executor loop) {
        this.log = log;
        this.loop = loop;
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    /** Starts the watcher and keeps it woken until it closes. */
    void add(Watcher watcher) {
        // read before the watcher reads: whatever is appended after it wakes the lane
        long seen = log.last();
        watchers.add(watcher);
        watcher.start();
        if (!watcher.isClosed()) {
            waitPast(seen);
        }
    }

    /** A watcher that closed leaves its lane. */
    void remove(Watcher watcher) {
        watchers.remove(watcher);
    }

    int size() {
        return watchers.size();
    }

    void bookmarkAll() {
        for (Watcher watcher : List.copyOf(watchers)) {
            watcher.bookmark();
        }
    }

    void stopAll() {
        for (Watcher watcher : new ArrayList<>(watchers)) {
            watcher.stop();
        }
    }

    private void waitPast(long seen) {
        if (waiting) {
            return; // the wait in place is at or before seen, so it covers it
        }
        waiting = true;
        log.whenPast(seen).thenRun(() -> loop.execute(this::moved));
    }

    private void moved() {
        waiting = false;
        if (watchers.isEmpty()) {
            return;
        }
        // read before the watchers read: an append during this round wakes the lane again
        long seen = log.last();
        for (Watcher watcher : List.copyOf(watchers)) {
            watcher.wake();
        }
        waitPast(seen);
    }
}
