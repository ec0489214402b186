package io.absencegroups.subscription;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The webhooks to delete: replaced ones, dropped candidates, leftovers of an earlier run, and ones that
 * were created but cannot be used. {@link #deletePending} sends a delete for each (one at a time per
 * webhook); a failed one stays and is tried again at the next call, until it succeeds or the webhook is
 * past its {@code validUntil}, after which it delivers nothing and deleting it no longer matters.
 * <p>
 * A plain class: the delete call and the clock are passed in. Its state is guarded by {@code this};
 * deletes are sent outside the lock.
 */
final class DeleteQueue {

    private static final Logger LOG = Logger.getLogger(DeleteQueue.class);

    /** How long a webhook whose {@code validUntil} is not known is still worth deleting. */
    static final Duration UNKNOWN_LIFETIME = Duration.ofDays(1);

    /** Told how each delete ended (counters, the last failure). */
    interface Outcomes {
        void deleteSucceeded(String id);

        void deleteFailed(String id, Throwable failure);
    }

    private final Function<String, Uni<Void>> delete;
    private final Clock clock;
    private final Outcomes outcomes;
    /** Webhooks to delete, with the time after which deleting them no longer matters. */
    private final Map<String, Instant> pending = new LinkedHashMap<>();
    private final Set<String> inFlight = new HashSet<>();
    private boolean closed;

    DeleteQueue(Function<String, Uni<Void>> delete, Clock clock, Outcomes outcomes) {
        this.delete = delete;
        this.clock = clock;
        this.outcomes = outcomes;
    }

    /** Queues a webhook that delivers until {@code validUntil}. */
    synchronized void add(String id, Instant validUntil) {
        pending.put(id, validUntil);
    }

    /** Queues webhooks with their {@code validUntil}. */
    synchronized void addAll(Map<String, Instant> webhooks) {
        pending.putAll(webhooks);
    }

    /** Queues a webhook whose {@code validUntil} is not known: it is tried for {@link #UNKNOWN_LIFETIME}. */
    void addOfUnknownLifetime(String id) {
        add(id, clock.instant().plus(UNKNOWN_LIFETIME));
    }

    /** Sends a delete for every queued webhook that has none in flight; forgets those past their validUntil. */
    void deletePending() {
        List<String> ids = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            Instant now = clock.instant();
            pending.values().removeIf(until -> !now.isBefore(until));
            for (String id : pending.keySet()) {
                if (inFlight.add(id)) {
                    ids.add(id);
                }
            }
        }
        for (String id : ids) {
            delete.apply(id).subscribe().with(ok -> succeeded(id), failure -> failed(id, failure));
        }
    }

    private void succeeded(String id) {
        synchronized (this) {
            inFlight.remove(id);
            pending.remove(id);
        }
        LOG.infof("deleted webhook %s", id);
        outcomes.deleteSucceeded(id);
    }

    private void failed(String id, Throwable failure) {
        synchronized (this) {
            inFlight.remove(id);
        }
        LOG.warnf("could not delete webhook %s (trying again at the next check): %s", id, StatusBoard.describe(failure));
        outcomes.deleteFailed(id, failure);
    }

    /** Stops deleting: {@link #deletePending} does nothing from now on. */
    synchronized void close() {
        closed = true;
    }

    /**
     * Closes the queue and deletes {@code first} and every webhook still queued at once, best effort:
     * a failure is logged, not raised, and not retried.
     */
    Uni<Void> drain(Collection<String> first) {
        Set<String> ids = new LinkedHashSet<>(first);
        synchronized (this) {
            closed = true;
            ids.addAll(pending.keySet());
        }
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        LOG.infof("deleting webhook(s) %s on stop", ids);
        List<Uni<Void>> deletes = new ArrayList<>();
        for (String id : ids) {
            deletes.add(delete.apply(id)
                    .invoke(() -> LOG.infof("deleted webhook %s", id))
                    .onFailure().invoke(failure -> LOG.warnf("could not delete webhook %s on stop: %s", id,
                            StatusBoard.describe(failure)))
                    .onFailure().recoverWithNull());
        }
        return Uni.join().all(deletes).andFailFast().replaceWithVoid();
    }
}
