package io.absencegroups.subscription;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The one pending renewal: {@link #at} replaces whatever was set before, so only the current webhook's
 * renewal can fire. Guarded by {@code this}.
 */
final class RenewalTimer {

    private final SubscriptionLifecycle.Timer timer;
    private final Clock clock;
    private Runnable cancel;

    RenewalTimer(SubscriptionLifecycle.Timer timer, Clock clock) {
        this.timer = timer;
        this.clock = clock;
    }

    /** Runs {@code renewal} at {@code due} (at once if that has passed), instead of any renewal set before. */
    synchronized void at(Instant due, Runnable renewal) {
        cancel();
        Duration wait = Duration.between(clock.instant(), due);
        cancel = timer.schedule(wait.isNegative() ? Duration.ZERO : wait, renewal);
    }

    synchronized void cancel() {
        if (cancel != null) {
            cancel.run();
            cancel = null;
        }
    }
}
