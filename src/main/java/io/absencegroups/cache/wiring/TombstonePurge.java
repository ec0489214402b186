package io.absencegroups.cache.wiring;

import io.absencegroups.cache.AbsenceGroupStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Ages tombstones out even when no deletes arrive to trigger the purge. With the redis backend
 * the shared store is purged (by any pod: the script is atomic) and each pod's copy follows.
 */
@ApplicationScoped
public class TombstonePurge {

    private static final Logger LOG = Logger.getLogger(TombstonePurge.class);

    @Inject
    AbsenceGroupStore store;

    @Inject
    StoreBackend backend;

    @Inject
    StoreConfig config;

    @Scheduled(every = "${protime.store.purge-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        if (backend.sharedStore().isEmpty()) {
            store.purgeTombstones();
            return;
        }
        try {
            // a worker thread: waiting here blocks no event loop
            long purged = backend.sharedStore().get().purgeTombstones(config.tombstoneMaxCount(), config.tombstoneMaxAge())
                    .await().atMost(Duration.ofSeconds(30));
            if (purged > 0) {
                LOG.debugf("purged %d tombstones from the shared store", purged);
            }
        } catch (RuntimeException e) {
            // Redis is away: readiness says so already; the next run purges what is due
            LOG.debugf("the tombstone purge did not run: %s", e.getMessage());
        }
    }
}
