package io.absencegroups.upstream;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The wait between retries of one upstream call. */
class RetryAfterBackoffTest {

    private static final Duration BUDGET = Duration.ofMinutes(3);
    private final UpstreamException unavailable = new UpstreamException(503, null, null);

    @Test
    void doublesFromTheInitialDelayUpToTheMaximum() {
        RetryAfterBackoff backoff = new RetryAfterBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5), 0, BUDGET, () -> 0.9);

        assertEquals(1000, backoff.nextDelayInMillis(unavailable));
        assertEquals(2000, backoff.nextDelayInMillis(unavailable));
        assertEquals(4000, backoff.nextDelayInMillis(unavailable));
        assertEquals(5000, backoff.nextDelayInMillis(unavailable));
        assertEquals(5000, backoff.nextDelayInMillis(unavailable));
    }

    @Test
    void theSharedExponentialDoublesPerRetryAndStopsAtTheCapEvenAfterManyRetries() {
        Duration initial = Duration.ofSeconds(5);
        Duration max = Duration.ofMinutes(5);

        assertEquals(Duration.ofSeconds(5), RetryAfterBackoff.exponential(initial, max, 0));
        assertEquals(Duration.ofSeconds(40), RetryAfterBackoff.exponential(initial, max, 3));
        assertEquals(Duration.ofMinutes(5), RetryAfterBackoff.exponential(initial, max, 7));
        assertEquals(Duration.ofMinutes(5), RetryAfterBackoff.exponential(initial, max, 1_000_000));
    }

    @Test
    void jitterShortensEachWaitByARandomShare() {
        RetryAfterBackoff backoff = new RetryAfterBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.5, BUDGET, () -> 0.5);

        assertEquals(750, backoff.nextDelayInMillis(unavailable));
        assertEquals(1500, backoff.nextDelayInMillis(unavailable));
    }

    @Test
    void aRetryAfterLongerThanTheBackoffIsHonoured() {
        RetryAfterBackoff backoff = new RetryAfterBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.5, BUDGET, () -> 0.5);

        assertEquals(7000, backoff.nextDelayInMillis(new UpstreamException(429, Duration.ofSeconds(7), "TooManyRequests")));
        assertEquals(1500, backoff.nextDelayInMillis(new UpstreamException(429, Duration.ofMillis(200), null)),
                "a shorter Retry-After does not shorten the backoff");
    }

    @Test
    void aRetryAfterBeyondTheBudgetIsCappedSoTheCallGivesUp() {
        RetryAfterBackoff backoff = new RetryAfterBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0, BUDGET, () -> 0);

        assertEquals(BUDGET.toMillis(), backoff.nextDelayInMillis(new UpstreamException(429, Duration.ofHours(1), null)));
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        assertEquals(Duration.ofSeconds(120), UpstreamErrorMapper.retryAfter("120"));
        assertEquals(Duration.ZERO, UpstreamErrorMapper.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"), "a past date means now");
        assertNull(UpstreamErrorMapper.retryAfter("soon"));
        assertNull(UpstreamErrorMapper.retryAfter(null));
    }
}
