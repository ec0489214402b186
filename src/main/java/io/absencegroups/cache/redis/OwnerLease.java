package io.absencegroups.cache.redis;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Which pod owns the subscription: a lease key in Redis with a TTL ({@code SET NX PX}), renewed
 * every {@code renew-every}, well before it lapses, and released on stop.
 * <p>
 * Fencing: a pod counts itself the owner only until {@code ttl - margin} after it <em>sent</em> its
 * last successful acquire or renew, by its own clock. Redis lets the key lapse no earlier than
 * {@code ttl} after it <em>received</em> that request, and only then can another pod acquire it.
 * So a pod that cannot renew (Redis away, a long pause) stops acting as the owner before any other
 * pod can start, as long as clocks run at about the same rate (the margin covers the rest).
 * <p>
 * A plain class with an injected clock, so its rules are tested without Redis or Quarkus.
 */
public final class OwnerLease {

    private static final Logger LOG = Logger.getLogger(OwnerLease.class);

    /** The lease key's operations; each answers whether this holder has the lease afterwards. */
    public interface Store {
        Uni<Boolean> acquire(String holder, Duration ttl);

        Uni<Boolean> renew(String holder, Duration ttl);

        Uni<Void> release(String holder);

        /** Who holds the lease now, or null. */
        Uni<String> holder();
    }

    /** Told when this pod starts and stops being the owner. */
    public interface Listener {
        void acquired();

        void lost(String why);
    }

    private final Store store;
    private final String holder;
    private final Duration ttl;
    private final Duration margin;
    private final Clock clock;
    private final Listener listener;

    private volatile Instant ownedUntil;
    private volatile String problem;

    public OwnerLease(Store store, String holder, Duration ttl, Clock clock, Listener listener) {
        this.store = store;
        this.holder = holder;
        this.ttl = ttl;
        this.margin = ttl.dividedBy(5);
        this.clock = clock;
        this.listener = listener;
    }

    /** This pod's name in the lease. */
    public String holder() {
        return holder;
    }

    /** Whether this pod may act as the owner now. */
    public boolean owned() {
        Instant until = ownedUntil;
        return until != null && clock.instant().isBefore(until);
    }

    /** Until when this pod may act as the owner, if it is the owner. */
    public Instant ownedUntil() {
        return owned() ? ownedUntil : null;
    }

    /** The last failure to reach the lease, or null. */
    public String problem() {
        return problem;
    }

    /** One step: renew when owning, else try to acquire. Never fails; a failure is noted and tried again next time. */
    public Uni<Void> tick() {
        Instant sentAt = clock.instant();
        boolean owning = ownedUntil != null;
        if (owning && !owned()) {
            lose("the lease was not renewed in time");
            owning = false;
        }
        Uni<Boolean> call = owning ? store.renew(holder, ttl) : store.acquire(holder, ttl);
        boolean wasOwning = owning;
        return call.onItem().invoke(has -> {
            problem = null;
            if (has) {
                ownedUntil = sentAt.plus(ttl).minus(margin);
                if (!wasOwning) {
                    LOG.infof("this pod (%s) owns the subscription now", holder);
                    listener.acquired();
                }
            } else if (wasOwning) {
                lose("another pod holds the lease");
            }
        }).onFailure().invoke(failure -> {
            problem = LogReplica.describe(failure);
            if (wasOwning && !owned()) {
                lose("the lease could not be renewed: " + problem);
            }
        }).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Stops owning and lets another pod take over at once. */
    public Uni<Void> release() {
        boolean wasOwning = ownedUntil != null;
        ownedUntil = null;
        if (wasOwning) {
            listener.lost("released on stop");
        }
        return store.release(holder).onFailure().recoverWithNull().replaceWithVoid();
    }

    private void lose(String why) {
        if (ownedUntil != null) {
            ownedUntil = null;
            LOG.warnf("this pod (%s) no longer owns the subscription: %s", holder, why);
            listener.lost(why);
        }
    }
}
