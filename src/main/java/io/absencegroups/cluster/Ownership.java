package io.absencegroups.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.absencegroups.cache.redis.OwnerLease;
import io.absencegroups.cache.redis.RedisConfig;
import io.absencegroups.cache.redis.SharedStore;
import io.absencegroups.cache.wiring.StoreBackend;
import io.absencegroups.config.ProtimeConfig;
import io.absencegroups.subscription.KeyRing;
import io.absencegroups.subscription.ManagedWebhook;
import io.absencegroups.subscription.SharedRole;
import io.absencegroups.subscription.SubscriptionManager;
import io.absencegroups.sync.FullSync;
import io.absencegroups.sync.Reconciler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * More than one pod on one shared store: exactly one of them, the holder of the lease, runs the
 * subscription (creates and replaces the webhook, runs syncs and reconciles, renews on time). It
 * writes the subscription's record to Redis every {@code record-every}; the other pods read it, so
 * every pod verifies deliveries with the same keys and reports the same state. A pod that takes the
 * lease over takes the recorded webhook over too, instead of creating one.
 * <p>
 * Worst case: the owner pauses for longer than the lease (a long GC, a frozen node). By its own clock
 * it stops acting before the key can lapse, but an action already sent to myProtime can still land
 * after the new owner started: for example two webhooks for a few seconds. Both deliver to the same
 * service and the shared rule merges them by changeVersion, and the extra webhook is deleted by
 * whichever owner replaces it, or lapses at its validUntil.
 */
@ApplicationScoped
public class Ownership implements SharedRole {

    private static final Logger LOG = Logger.getLogger(Ownership.class);

    @Inject
    StoreBackend backend;

    @Inject
    RedisConfig config;

    @Inject
    ProtimeConfig protime;

    @Inject
    SubscriptionManager subscriptions;

    @Inject
    FullSync fullSync;

    @Inject
    Reconciler reconciler;

    @Inject
    KeyRing keyRing;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    @Inject
    Vertx vertx;

    private volatile OwnerLease lease;
    private volatile SharedStore shared;
    private SubscriptionRecord record;
    private final AtomicBoolean recording = new AtomicBoolean();
    private final java.util.List<Long> timers = new java.util.ArrayList<>();

    void start(@Observes @Priority(20) StartupEvent event) {
        Optional<SharedStore> store = backend.sharedStore();
        if (store.isEmpty()) {
            return;
        }
        shared = store.get();
        record = new SubscriptionRecord(mapper, clock);
        String holder = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("pod") + "-"
                + Long.toHexString(new SecureRandom().nextLong() & 0xffffffL);
        lease = shared.lease(holder, config.leaseTtl(), clock, new OwnerLease.Listener() {
            @Override
            public void acquired() {
                takeOver();
            }

            @Override
            public void lost(String why) {
                subscriptions.stopOwning().subscribe().with(ok -> { }, failure -> { });
            }
        });
        OwnerLease held = lease;
        reconciler.onlyWhile(held::owned);
        shared.onReset(() -> {
            if (lease.owned()) {
                LOG.warn("the shared store was reset: running a full sync to fill it again");
                fullSync.run("store reset").subscribe().with(ok -> { }, failure -> { });
            }
        });
        if (protime.subscription().enabled()) {
            timers.add(vertx.setPeriodic(1, config.leaseRenewEvery().toMillis(), id -> tickLease()));
        }
        timers.add(vertx.setPeriodic(1, config.recordEvery().toMillis(), id -> syncRecord()));
    }

    // before the subscription's own stop, which must not delete the shared webhook
    void stop(@Observes @Priority(10) ShutdownEvent event) {
        timers.forEach(vertx::cancelTimer);
        OwnerLease held = lease;
        if (held == null || !held.owned()) {
            return;
        }
        // stop acting, record the webhook as it served (the next owner takes it over), then hand the lease over at once
        Map<String, String> last = record.write(held.holder(), subscriptions.status(), keyRing);
        try {
            subscriptions.stopOwning().chain(() -> shared.writeRecord(last)).chain(held::release)
                    .await().atMost(Duration.ofSeconds(3));
        } catch (RuntimeException e) {
            LOG.warnf("handing the subscription over did not finish (%s); another pod takes it when the lease lapses", e.getMessage());
        }
    }

    /** The backend, this pod's name in the lease, whether it owns the subscription, its replication. */
    @Override
    public Optional<Map<String, Object>> describe() {
        OwnerLease held = lease;
        SharedStore store = shared;
        if (held == null || store == null) {
            return Optional.empty();
        }
        Map<String, Object> view = new java.util.LinkedHashMap<>();
        view.put("backend", "redis");
        view.put("keyPrefix", store.keyPrefix());
        view.put("pod", held.holder());
        view.put("owner", held.owned());
        Instant until = held.ownedUntil();
        if (until != null) {
            view.put("leaseUntil", until.toString());
        }
        view.put("replicating", store.replicating());
        view.put("replicationLag", store.lag());
        if (held.problem() != null) {
            view.put("leaseProblem", held.problem());
        }
        return Optional.of(view);
    }

    private void tickLease() {
        lease.tick().subscribe().with(ok -> { }, failure -> { });
    }

    /** The owner writes the record; the others read it into their key ring and status. */
    private void syncRecord() {
        if (!recording.compareAndSet(false, true)) {
            return;
        }
        Uni<Void> step = lease.owned() ? writeRecord() : readRecord();
        step.onTermination().invoke(() -> recording.set(false))
                .subscribe().with(ok -> { }, failure -> LOG.debugf("the subscription record: %s", failure.getMessage()));
    }

    private Uni<Void> writeRecord() {
        return shared.writeRecord(record.write(lease.holder(), subscriptions.status(), keyRing));
    }

    private Uni<Void> readRecord() {
        return shared.readRecord().invoke(fields -> {
            record.applyKeys(fields, keyRing);
            subscriptions.recorded(record.status(fields, config.leaseTtl().multipliedBy(2)));
        }).replaceWithVoid();
    }

    /** The lease is ours: take the recorded webhook over (its keys first), or start one. */
    private void takeOver() {
        shared.readRecord().subscribe().with(fields -> {
            ManagedWebhook recorded = record.webhook(fields);
            record.applyKeys(fields, keyRing);
            subscriptions.recorded(null);
            boolean usable = recorded != null && recorded.syncedAt() != null && recorded.validUntil().isAfter(clock.instant());
            LOG.infof("this pod owns the subscription: %s", usable ? "taking over webhook " + recorded.id() : "starting one");
            subscriptions.startOwning(usable ? recorded : null);
        }, failure -> {
            LOG.warnf("could not read the subscription record (%s): starting a new webhook", failure.getMessage());
            subscriptions.recorded(null);
            subscriptions.startOwning(null);
        });
    }
}
