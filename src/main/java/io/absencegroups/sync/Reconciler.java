package io.absencegroups.sync;

import io.absencegroups.config.ProtimeConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Runs a full sync every {@code protime.sync.reconcile-interval}, so a group deleted upstream whose
 * delete never arrived (a lost delivery, a gap between webhooks) leaves the store too.
 * <p>
 * It waits for the subscription's first sync (the store is filled by that one), and skips a tick while
 * another sync is running: that one reconciles as well.
 */
@ApplicationScoped
public class Reconciler {

    @Inject
    FullSync fullSync;

    @Inject
    ProtimeConfig config;

    @Scheduled(identity = "reconcile", every = "${protime.sync.reconcile-interval}",
            delayed = "${protime.sync.reconcile-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        if (!config.subscription().enabled() || fullSync.last().isEmpty() || fullSync.running()) {
            return Uni.createFrom().voidItem();
        }
        return reconcile().replaceWithVoid();
    }

    /** One reconcile now. */
    public Uni<SyncReport> reconcile() {
        return fullSync.run("reconcile");
    }
}
