package io.absencegroups.sync;

import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.ChangeWriter;
import io.absencegroups.upstream.MyProtime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Wires the plain-Java full sync to myProtime's listing, the store and the metrics. */
@ApplicationScoped
public class FullSyncProducer {

    @Produces
    @Singleton
    FullSync fullSync(MyProtime myProtime, AbsenceGroupStore store, ChangeWriter writer, Clock clock, SyncConfig config,
                      SyncMetrics metrics) {
        return new FullSync(myProtime::absenceGroups, store, writer, clock, config.maxPages(), metrics::record);
    }
}
