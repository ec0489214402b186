package io.absencegroups.subscription;

import java.time.Duration;
import java.time.Instant;

/**
 * When and how the lifecycle replaces its webhook.
 *
 * @param renewBefore         replace this long before {@code validUntil}...
 * @param renewBeforeFraction ...but no earlier than this fraction of the lifetime before it
 * @param keyGracePeriod      how long a replaced webhook's key still verifies deliveries
 * @param retryDelays         the waits between a replacement's failed attempts
 */
public record ReplacementSettings(Duration renewBefore, double renewBeforeFraction, Duration keyGracePeriod,
                                  RetryDelays retryDelays) {

    /** When the replacement of {@code webhook} is due. */
    Instant renewalAt(ManagedWebhook webhook) {
        return webhook.renewalAt(renewBefore, renewBeforeFraction);
    }
}
