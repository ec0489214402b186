package io.absencegroups.subscription;

import io.absencegroups.upstream.IsRejection;
import io.absencegroups.upstream.RetryAfterBackoff;

import java.time.Duration;

/**
 * The settings the lifecycle tests run with: renew 1 h (at most 20 % of the lifetime) before
 * {@code validUntil}, keep a replaced key 10 min, retry from 5 s doubling up to 5 min, and wait 15 min
 * after a rejection.
 */
final class TestSettings {

    static final ReplacementSettings REPLACEMENT = new ReplacementSettings(Duration.ofHours(1), 0.2,
            Duration.ofMinutes(10), new RetryDelays(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(15), IsRejection.INSTANCE, RetryAfterBackoff::retryAfter));

    private TestSettings() {
    }
}
