package io.absencegroups.subscription;

import io.absencegroups.upstream.UpstreamWebhook;

import java.time.Duration;
import java.time.Instant;

/**
 * A webhook this service created and looks after: the current one, or the one a replacement is syncing.
 *
 * @param createdAt  when the create answered; with {@code validUntil} it gives the lifetime
 * @param status     the last status myProtime reported ({@code Enabled} from creation), or {@link #GONE}
 * @param syncedAt   when a full sync that began after the webhook existed finished; null until then
 */
public record ManagedWebhook(String id, Instant createdAt, Instant validUntil, String status, Instant syncedAt) {

    /** The status of a webhook myProtime answers 404 for. */
    public static final String GONE = "Gone";

    static ManagedWebhook created(String id, Instant createdAt, Instant validUntil) {
        return new ManagedWebhook(id, createdAt, validUntil, UpstreamWebhook.ENABLED, null);
    }

    ManagedWebhook withStatus(String newStatus) {
        return new ManagedWebhook(id, createdAt, validUntil, newStatus, syncedAt);
    }

    ManagedWebhook syncedAt(Instant at) {
        return new ManagedWebhook(id, createdAt, validUntil, status, at);
    }

    public boolean enabled() {
        return UpstreamWebhook.isEnabled(status);
    }

    /**
     * When a replacement should start: {@code renewBefore} ahead of {@code validUntil}, but no earlier
     * than {@code fraction} of the lifetime ahead, so a short-lived webhook is not replaced at once.
     */
    public Instant renewalAt(Duration renewBefore, double fraction) {
        Duration lifetime = Duration.between(createdAt, validUntil);
        if (lifetime.isNegative()) {
            lifetime = Duration.ZERO;
        }
        Duration share = Duration.ofMillis((long) (lifetime.toMillis() * Math.max(0, Math.min(1, fraction))));
        Duration ahead = renewBefore.compareTo(share) < 0 ? renewBefore : share;
        return validUntil.minus(ahead);
    }
}
