package io.absencegroups.subscription;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A clock the test moves by hand, with the timer the lifecycle schedules its retries on: advancing
 * the clock runs the tasks that fell due, in order, so backoff is tested without waiting.
 */
final class FakeClock extends Clock {

    private Instant now;
    private final List<Scheduled> tasks = new ArrayList<>();

    record Scheduled(Instant due, Duration delay, Runnable task, boolean[] cancelled) {
    }

    FakeClock(Instant start) {
        this.now = start;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    /** The lifecycle's {@link SubscriptionLifecycle.Timer}. */
    synchronized Runnable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = new boolean[1];
        tasks.add(new Scheduled(now.plus(delay), delay, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves time forward, running every task that falls due on the way. */
    void advance(Duration by) {
        Instant target;
        synchronized (this) {
            target = now.plus(by);
        }
        while (true) {
            Scheduled next;
            synchronized (this) {
                next = tasks.stream().filter(t -> !t.due().isAfter(target))
                        .min(Comparator.comparing(Scheduled::due)).orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                tasks.remove(next);
                if (next.due().isAfter(now)) {
                    now = next.due();
                }
            }
            if (!next.cancelled()[0]) {
                next.task().run();
            }
        }
    }

    /** The delays of the tasks waiting to run (not cancelled). */
    synchronized List<Duration> pendingDelays() {
        return tasks.stream().filter(t -> !t.cancelled()[0]).map(Scheduled::delay).toList();
    }
}
