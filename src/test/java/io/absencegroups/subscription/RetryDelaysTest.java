package io.absencegroups.subscription;

import io.absencegroups.upstream.IsRejection;
import io.absencegroups.upstream.RetryAfterBackoff;
import io.absencegroups.upstream.UpstreamException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How long the lifecycle waits before trying again. */
class RetryDelaysTest {

    private final RetryDelays delays = new RetryDelays(Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(15),
            IsRejection.INSTANCE, RetryAfterBackoff::retryAfter);
    private final UpstreamException unavailable = new UpstreamException(503, null, null);

    @Test
    void doublesPerFailureUpToTheMaximum() {
        assertEquals(Duration.ofSeconds(5), delays.after(1, unavailable));
        assertEquals(Duration.ofSeconds(10), delays.after(2, unavailable));
        assertEquals(Duration.ofSeconds(40), delays.after(4, unavailable));
        assertEquals(Duration.ofMinutes(1), delays.after(5, unavailable));
        assertEquals(Duration.ofMinutes(1), delays.after(500, unavailable));
    }

    @Test
    void aRejectionWaitsTheRejectedDelay() {
        assertEquals(Duration.ofMinutes(15), delays.after(1, new UpstreamException(400, null, "InvalidDestinationUrl")));
        assertEquals(Duration.ofMinutes(15), delays.after(1, new UpstreamException(403, null, null)));
    }

    @Test
    void retryAfterIsAMinimum() {
        assertEquals(Duration.ofMinutes(3), delays.after(1, new UpstreamException(429, Duration.ofMinutes(3), null)));
        assertEquals(Duration.ofSeconds(10), delays.after(2, new UpstreamException(429, Duration.ofSeconds(1), null)));
    }
}
