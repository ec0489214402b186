package io.absencegroups.subscription;

import io.absencegroups.testing.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The lifecycle's {@link SubscriptionLifecycle.Timer} for tests: tasks wait on a {@link MutableClock}, and
 * {@link #advance} moves that clock forward, running the tasks that fall due on the way, in order, each at
 * its due time. So backoff and renewal are tested without waiting.
 */
final class FakeTimer implements SubscriptionLifecycle.Timer {

    private final MutableClock clock;
    private final List<Scheduled> tasks = new ArrayList<>();

    private record Scheduled(Instant due, Duration delay, Runnable task, boolean[] cancelled) {
    }

    FakeTimer(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Runnable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = new boolean[1];
        tasks.add(new Scheduled(clock.instant().plus(delay), delay, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves the clock forward by {@code by}, running every task that falls due on the way. */
    void advance(Duration by) {
        Instant target = clock.instant().plus(by);
        while (true) {
            Scheduled next;
            synchronized (this) {
                next = tasks.stream().filter(t -> !t.due().isAfter(target))
                        .min(Comparator.comparing(Scheduled::due)).orElse(null);
                if (next == null) {
                    moveTo(target);
                    return;
                }
                tasks.remove(next);
                moveTo(next.due());
            }
            if (!next.cancelled()[0]) {
                next.task().run();
            }
        }
    }

    private void moveTo(Instant at) {
        if (at.isAfter(clock.instant())) {
            clock.advance(Duration.between(clock.instant(), at));
        }
    }

    /** The delays of the tasks waiting to run (not cancelled). */
    synchronized List<Duration> pendingDelays() {
        return tasks.stream().filter(t -> !t.cancelled()[0]).map(Scheduled::delay).toList();
    }
}
