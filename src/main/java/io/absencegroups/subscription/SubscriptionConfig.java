package io.absencegroups.subscription;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * The webhook that keeps the store live ({@code protime.subscription.*}): create, replace before expiry, delete on
 * stop. Whether the subscription runs at all, {@code protime.subscription.enabled}, is in {@code ProtimeConfig}:
 * the reconcile reads it too.
 */
@ConfigMapping(prefix = "protime.subscription")
public interface SubscriptionConfig {

    /**
     * The public HTTPS URL myProtime posts deliveries to: this service's receiver, e.g.
     * {@code https://absence-groups.example.com/webhooks/absence-groups}. Required while enabled.
     */
    Optional<String> destinationUrl();

    /** The myProtime collection to subscribe to. */
    @WithDefault("absence-groups")
    String collectionName();

    /**
     * How often the webhook is checked: due for renewal (a safety net: the renewal is also timed for when it
     * is due), still {@code Enabled}, still there. Read by name in {@code SubscriptionManager}'s
     * {@code @Scheduled}; declared here for its default and so that a misspelt value fails the start.
     */
    @WithDefault("1m")
    Duration checkInterval();

    /** A replacement webhook is created this long before the current one's {@code validUntil}... */
    @WithDefault("1h")
    Duration renewBefore();

    /**
     * ...but never earlier than this fraction of the webhook's lifetime before {@code validUntil} (0 to 1),
     * so a short-lived webhook is not replaced as soon as it exists.
     */
    @WithDefault("0.2")
    double renewBeforeFraction();

    /** After a replacement, the old webhook's key still verifies deliveries for this long. */
    @WithDefault("10m")
    Duration keyGracePeriod();

    /** Delete the service's own webhook when the service stops (best effort). */
    @WithDefault("true")
    boolean deleteOnStop();

    /** How long stopping waits for that delete. */
    @WithDefault("5s")
    Duration deleteOnStopTimeout();

    /** The wait before retrying a failed create or sync; it doubles after each failure, up to {@code max-retry-delay}. */
    @WithDefault("5s")
    Duration initialRetryDelay();

    /** The longest wait between two attempts to create a webhook or finish its sync. */
    @WithDefault("5m")
    Duration maxRetryDelay();

    /**
     * The wait after myProtime rejected a create or a call (400, 401, 403, 404): the cause is a setting
     * (destination URL, collection, credentials, base URL) that someone has to fix, so do not hammer.
     */
    @WithDefault("15m")
    Duration rejectedRetryDelay();
}
