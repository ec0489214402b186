package io.absencegroups.sync;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Full syncs by outcome, with their duration and item counts. */
@ApplicationScoped
public class SyncMetrics {

    @Inject
    MeterRegistry registry;

    void record(SyncReport report) {
        String outcome = report.outcome().tag();
        Timer.builder("absencegroups.full.sync")
                .description("Full syncs of the collection, by outcome, and how long they took")
                .tag("outcome", outcome)
                .register(registry)
                .record(report.duration());
        DistributionSummary.builder("absencegroups.full.sync.items")
                .description("Groups listed upstream per full sync")
                .tag("outcome", outcome)
                .register(registry)
                .record(report.items());
        registry.counter("absencegroups.full.sync.removed").increment(report.removed());
    }
}
