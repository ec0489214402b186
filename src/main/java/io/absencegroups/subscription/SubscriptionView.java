package io.absencegroups.subscription;

import io.absencegroups.sync.SyncReport;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /subscription}. Key names only, never a key.
 *
 * @param reason    why the service is not ready; null when it is
 * @param keys      the names (webhook ids) of the keys that verify deliveries now
 * @param lastError the last thing that went wrong (kept after recovery), with myProtime's error when it sent one
 * @param store     with a shared store: the backend, this pod, whether it owns the subscription, its lease and
 *                  replication lag; null with the memory backend
 */
@RegisterForReflection(targets = {SubscriptionView.class, SubscriptionView.WebhookView.class, SubscriptionView.SyncView.class,
        SubscriptionStatus.Replacement.class, SubscriptionStatus.Failure.class, SubscriptionStatus.Counters.class,
        SubscriptionState.class, SyncReport.Outcome.class})
public record SubscriptionView(SubscriptionState state, boolean ready, String reason, WebhookView webhook,
                               SubscriptionStatus.Replacement replacement, List<String> keys, Instant lastDelivery,
                               SyncView lastFullSync, SubscriptionStatus.Counters counters,
                               SubscriptionStatus.Failure lastError, Map<String, Object> store) {

    /** The webhook that serves deliveries. */
    public record WebhookView(String id, String status, Instant createdAt, Instant validUntil, Instant syncedAt,
                              Instant nextRenewal) {
    }

    /** The last full sync. */
    public record SyncView(String trigger, SyncReport.Outcome outcome, Instant startedAt, Instant finishedAt,
                           long durationMillis, int pages, int items, int applied, int unchanged, int removed,
                           int skipped, String error) {

        static SyncView of(SyncReport r) {
            return new SyncView(r.trigger(), r.outcome(), r.startedAt(), r.finishedAt(), r.duration().toMillis(),
                    r.pages(), r.items(), r.applied(), r.unchanged(), r.removed(), r.skipped(), r.error());
        }
    }

    static SubscriptionView of(SubscriptionStatus status, List<String> keys, Instant lastDelivery, SyncReport lastSync,
                               Map<String, Object> store) {
        ManagedWebhook w = status.webhook();
        WebhookView webhook = w == null ? null
                : new WebhookView(w.id(), w.status(), w.createdAt(), w.validUntil(), w.syncedAt(), status.nextRenewal());
        return new SubscriptionView(status.state(), status.ready() || status.state() == SubscriptionState.OFF,
                status.reason(), webhook, status.replacement(), keys, lastDelivery,
                lastSync == null ? null : SyncView.of(lastSync), status.counters(), status.lastFailure(), store);
    }
}
