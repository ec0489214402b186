package io.absencegroups.cache.wiring;

import io.absencegroups.cache.AbsenceGroupStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Ages tombstones out even when no deletes arrive to trigger the purge. */
@ApplicationScoped
public class TombstonePurge {

    @Inject
    AbsenceGroupStore store;

    @Scheduled(every = "${protime.store.purge-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        store.purgeTombstones();
    }
}
