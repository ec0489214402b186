package io.absencegroups.cache.redis;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * Waits that ended are dropped as the sweep reaches them, so the queue holds about the waits of
 * the last allowance at most.
 * <p>
 * Thread-safe. An expiry action runs on the sweeping thread and must not block.
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
    }

    /** Drops the waits that ended and expires those that are due, in order; returns how many expired. */
    int sweep() {
        long now = millis.getAsLong();
        int expired = 0;
        Wait head;
        while ((head = waits.peek()) != null && (head.future().isDone() || head.dueMillis() <= now)) {
            waits.poll();
            if (!head.future().isDone()) {
                head.onExpiry().run();
                expired++;
            }
        }
        return expired;
    }

    /** Waits not yet dropped (ended or not): for tests. */
    int size() {
        return waits.size();
    }
}
