package io.absencegroups.cache.redis;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * One timeout for many waits: each watched future gets the same allowance, and a periodic
 * {@link #sweep()} runs the expiry action of those still pending when it is up.
 * <p>
 * Why not a timer each: a pod takes thousands of deliveries a second, and a scheduled task per
 * delivery and one more for its replica wait go through one shared scheduler's locked queue,
 * where a cancelled task stays until it is due. Here a wait costs one append to a lock-free
 * queue (the measured difference is in docs/redis.md).
 * <p>
 * Since every wait gets the same allowance, the queue is in deadline order, up to the
 * microseconds by which concurrent watchers may pass each other: a sweep stops at the first wait
 * that is pending and not yet due. A wait expires at most one sweep period late (plus that skew).
 * Waits that ended are dropped as the sweep reaches them, and each {@link #watch} also drops those
 * that ended at the head of the queue. That second part is for the garbage collector: a wait
 * holds its delivery (the changes, the groups) through its expiry action, and with sweeps alone a
 * pod taking 20,000 deliveries a second kept the last half second of them, about 20 MB, alive.
 * Every young collection then copied them: its pauses averaged 7 to 9 ms instead of about 2
 * (docs/redis.md). A wait that has not ended keeps the ones behind it, until it ends or expires.
 * <p>
 * Thread-safe: only one thread at a time takes waits off the queue; a watch that finds another
 * doing so leaves the dropping to it. An expiry action runs on the sweeping thread and must not
 * block.
 * <p>
 * Time is a monotonic millisecond count ({@link #MONOTONIC} in the service), not the wall clock:
 * a step of the system's clock must neither expire every wait at once nor hold them back.
 */
final class Deadlines {

    private record Wait(long dueMillis, CompletableFuture<?> future, Runnable onExpiry) {
    }

    /** Milliseconds from an arbitrary origin, never going back. */
    static final LongSupplier MONOTONIC = () -> System.nanoTime() / 1_000_000;

    private final Queue<Wait> waits = new ConcurrentLinkedQueue<>();
    /** Held while taking waits off the queue: two threads polling at once could take a pending wait unseen. */
    private final ReentrantLock taking = new ReentrantLock();
    private final Duration allowance;
    private final LongSupplier millis;

    /** @param millis the time in milliseconds: {@link #MONOTONIC}, or a test's */
    Deadlines(Duration allowance, LongSupplier millis) {
        if (allowance.isNegative() || allowance.isZero()) {
            throw new IllegalArgumentException("the allowance must be positive");
        }
        this.allowance = allowance;
        this.millis = millis;
    }

    Duration allowance() {
        return allowance;
    }

    /** Runs {@code onExpiry} at the first sweep after the allowance is up, unless {@code future} is done by then. */
    void watch(CompletableFuture<?> future, Runnable onExpiry) {
        waits.add(new Wait(millis.getAsLong() + allowance.toMillis(), future, onExpiry));
        if (taking.tryLock()) {
            try {
                Wait head;
                while ((head = waits.peek()) != null && head.future().isDone()) {
                    waits.poll();
                }
            } finally {
                taking.unlock();
            }
        }
    }

    /** Drops the waits that ended and expires those that are due, in order; returns how many expired. */
    int sweep() {
        long now = millis.getAsLong();
        int expired = 0;
        taking.lock();
        try {
            Wait head;
            while ((head = waits.peek()) != null && (head.future().isDone() || head.dueMillis() <= now)) {
                waits.poll();
                if (!head.future().isDone()) {
                    head.onExpiry().run();
                    expired++;
                }
            }
        } finally {
            taking.unlock();
        }
        return expired;
    }

    /** Waits not yet dropped (ended or not): for tests. */
    int size() {
        return waits.size();
    }
}
