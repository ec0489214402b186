package io.absencegroups.subscription;

import io.absencegroups.upstream.RetryAfterBackoff;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How long the lifecycle waits before trying a failed create or sync again: exponential from
 * {@code initial}, doubling per failure, capped at {@code max}; never less than a {@code Retry-After}
 * myProtime asked for; and {@code rejected} when myProtime refused the request for a reason a retry
 * will not fix (a 400 for a bad destination URL, a 403 for a missing scope), so the service does not hammer.
 */
public final class RetryDelays {

    private final Duration initial;
    private final Duration max;
    private final Duration rejected;
    private final Predicate<Throwable> isRejection;
    private final Function<Throwable, Optional<Duration>> retryAfter;

    public RetryDelays(Duration initial, Duration max, Duration rejected,
                       Predicate<Throwable> isRejection, Function<Throwable, Optional<Duration>> retryAfter) {
        this.initial = initial;
        this.max = max;
        this.rejected = rejected;
        this.isRejection = isRejection;
        this.retryAfter = retryAfter;
    }

    /** The wait after a rejection. */
    public Duration rejected() {
        return rejected;
    }

    /** The wait after the {@code failures}-th failure in a row (1 for the first), which was {@code failure}. */
    public Duration after(int failures, Throwable failure) {
        if (isRejection.test(failure)) {
            return rejected;
        }
        Duration delay = RetryAfterBackoff.exponential(initial, max, failures - 1);
        Duration asked = retryAfter.apply(failure).orElse(Duration.ZERO);
        return asked.compareTo(delay) > 0 ? asked : delay;
    }
}
