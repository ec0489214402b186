package io.absencegroups.sync;

import io.absencegroups.config.ProtimeConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.function.BooleanSupplier;

/**
 * Runs a full sync every {@code protime.sync.reconcile-interval}, so a group deleted upstream whose
 * delete never arrived (a lost delivery, a gap between webhooks) leaves the store too.
 * <p>
 * It waits for the subscription's first sync (the store is filled by that one), and skips a tick while
 * another sync is running: that one reconciles as well. With a shared store only the pod that owns the
 * subscription reconciles ({@link #onlyWhile}): a pod that lost the lease has had a sync, but listing the
 * collection again would only repeat the owner's work.
 */
@ApplicationScoped
public class Reconciler {

    @Inject
    FullSync fullSync;

    @Inject
    ProtimeConfig config;

    private volatile BooleanSupplier acting = () -> true;

    /** Reconciles only while {@code acting} is true (the shared subscription's owner); every pod by default. */
    public void onlyWhile(BooleanSupplier acting) {
        this.acting = acting;
    }

    @Scheduled(identity = "reconcile", every = "${protime.sync.reconcile-interval}",
            delayed = "${protime.sync.reconcile-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        if (!config.subscription().enabled() || fullSync.last().isEmpty() || fullSync.running() || !acting.getAsBoolean()) {
            return Uni.createFrom().voidItem();
        }
        return reconcile().replaceWithVoid();
    }

    /** One reconcile now. */
    public Uni<SyncReport> reconcile() {
        return fullSync.run("reconcile");
    }
}
