package io.absencegroups.upstream;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The wait before each retry of one call: exponential (initial, doubling, capped) with jitter, but
 * never shorter than what a 429 or 503 asked for in {@code Retry-After}. A {@code Retry-After}
 * beyond the retry budget is capped at the budget; the call then gives up with that 429, and the
 * caller's own, slower backoff takes over.
 */
public final class RetryAfterBackoff implements CustomBackoffStrategy {

    private final Duration initial;
    private final Duration max;
    private final double jitter;
    private final Duration budget;
    private final DoubleSupplier random;
    private int retries;

    /**
     * @param jitter a fraction (0 to 1): each wait is shortened by {@code random() * jitter} of itself
     * @param budget the retry policy's total duration; no single wait exceeds it
     * @param random values in [0, 1)
     */
    public RetryAfterBackoff(Duration initial, Duration max, double jitter, Duration budget, DoubleSupplier random) {
        this.initial = initial;
        this.max = max;
        this.jitter = Math.max(0, Math.min(1, jitter));
        this.budget = budget;
        this.random = random;
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        long capped = exponential(initial, max, retries++).toMillis();
        long delay = capped - (long) (capped * jitter * random.getAsDouble());
        long asked = retryAfter(cause).map(Duration::toMillis).orElse(0L);
        return Math.min(Math.max(delay, asked), budget.toMillis());
    }

    /**
     * The exponential part of every backoff of the service (this one, and the subscription's
     * {@code RetryDelays}): {@code initial} doubled once per earlier retry, capped at {@code max}.
     *
     * @param retry 0 for the first retry
     */
    public static Duration exponential(Duration initial, Duration max, int retry) {
        Duration delay = initial;
        for (int i = 0; i < retry && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /** The {@code Retry-After} of a myProtime error, if the failure is one and it had the header. */
    public static Optional<Duration> retryAfter(Throwable failure) {
        return failure instanceof UpstreamException e ? e.retryAfter() : Optional.empty();
    }
}
