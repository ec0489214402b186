package io.absencegroups.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Full syncs by outcome, with their duration and item counts, and the changes they found. Every meter is
 * registered at start, so a dashboard shows 0 before the first sync rather than nothing.
 */
@ApplicationScoped
public class SyncMetrics {

    /** The {@code trigger} tag of {@code absencegroups.full.sync.changes}: the periodic reconcile, or any other sync. */
    static final String RECONCILE = "reconcile";
    static final String OTHER = "other";

    @Inject
    MeterRegistry registry;

    void register(@Observes StartupEvent event) {
        for (SyncReport.Outcome outcome : SyncReport.Outcome.values()) {
            timer(outcome.tag());
            items(outcome.tag());
        }
        removed();
        changes(RECONCILE);
        changes(OTHER);
    }

    void record(SyncReport report) {
        String outcome = report.outcome().tag();
        timer(outcome).record(report.duration());
        items(outcome).record(report.items());
        removed().increment(report.removed());
        // what deliveries did not bring: a reconcile that changes something means events were missed
        changes(RECONCILE.equals(report.trigger()) ? RECONCILE : OTHER).increment(report.applied() + report.removed());
    }

    private Timer timer(String outcome) {
        return Timer.builder("absencegroups.full.sync")
                .description("Full syncs of the collection, by outcome, and how long they took")
                .tag("outcome", outcome)
                .register(registry);
    }

    private DistributionSummary items(String outcome) {
        return DistributionSummary.builder("absencegroups.full.sync.items")
                .description("Groups listed upstream per full sync")
                .tag("outcome", outcome)
                .register(registry);
    }

    private Counter removed() {
        return Counter.builder("absencegroups.full.sync.removed")
                .description("Groups removed because a full sync no longer found them upstream")
                .register(registry);
    }

    private Counter changes(String trigger) {
        return Counter.builder("absencegroups.full.sync.changes")
                .description("Groups a full sync applied or removed (changed upstream since the store last saw them), by trigger")
                .tag("trigger", trigger)
                .register(registry);
    }
}
