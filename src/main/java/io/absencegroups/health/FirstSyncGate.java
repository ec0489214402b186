package io.absencegroups.health;

import io.absencegroups.api.ReadGate;
import io.absencegroups.cache.redis.SharedStore;
import io.absencegroups.cache.wiring.StoreBackend;
import io.absencegroups.subscription.ManagedWebhook;
import io.absencegroups.subscription.SubscriptionManager;
import io.absencegroups.subscription.SubscriptionState;
import io.absencegroups.subscription.SubscriptionStatus;
import io.absencegroups.sync.FullSync;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * The read API serves once the store holds the whole collection:
 * <ul>
 *     <li>subscription off: at once, as deliveries are then the only source;</li>
 *     <li>memory backend: once a full sync finished in this process;</li>
 *     <li>Redis backend: once this pod's copy has loaded the shared log, and a full sync into the
 *     shared store finished, run by this pod or recorded by the owner of the subscription (its
 *     webhook's {@code syncedAt}).</li>
 * </ul>
 * It opens once and stays open: after that a failing sync or a Redis outage leaves the last good
 * copy readable, and readiness (not the read API) tells that the copy may fall behind.
 */
@ApplicationScoped
public class FirstSyncGate implements ReadGate {

    @Inject
    SubscriptionManager subscriptions;

    @Inject
    FullSync fullSync;

    @Inject
    StoreBackend backend;

    private volatile boolean open;

    @Override
    public Optional<String> closedBecause() {
        if (open) {
            return Optional.empty();
        }
        Optional<String> why = why();
        if (why.isEmpty()) {
            open = true;
        }
        return why;
    }

    private Optional<String> why() {
        Optional<SharedStore> shared = backend.sharedStore();
        return reason(subscriptions.status(), shared.map(SharedStore::replicating).orElse(null),
                shared.map(SharedStore::problem).orElse(null), fullSync.finishedOnce());
    }

    /**
     * The rule itself.
     *
     * @param replicaLoaded    with the Redis backend, whether this pod's copy follows the shared log; null with memory
     * @param replicaProblem   why it does not, if it does not
     * @param syncedHere       whether a full sync finished in this process
     */
    static Optional<String> reason(SubscriptionStatus status, Boolean replicaLoaded, String replicaProblem, boolean syncedHere) {
        if (status.state() == SubscriptionState.OFF) {
            return Optional.empty();
        }
        if (replicaLoaded != null && !replicaLoaded) {
            return Optional.of("this pod's copy of the shared store has not loaded the shared log yet (" + replicaProblem + ")");
        }
        ManagedWebhook webhook = status.webhook();
        if (syncedHere || (webhook != null && webhook.syncedAt() != null)) {
            return Optional.empty();
        }
        return Optional.of("the first full sync has not finished (subscription " + status.state()
                + (status.reason() == null ? "" : ": " + status.reason()) + ")");
    }
}
