package io.absencegroups.simulator;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;

/**
 * Plays a user editing absence groups in myProtime, on a timer, when auto-change is on; and, when
 * the fault settings ask for it, an unreliable myProtime (outages, disabled webhooks).
 */
@ApplicationScoped
@IfBuildProfile(anyOf = {"dev", "test"})
public class ChangeDriver {

    private static final Logger LOG = Logger.getLogger(ChangeDriver.class);

    @Inject
    SimulatedTenant tenant;

    @Inject
    DeliverySender sender;

    @Inject
    SimulatorConfig settings;

    @Inject
    Clock clock;

    private Instant nextOutage;
    private Instant nextDisable;

    @Scheduled(every = "${protime.simulator.change-interval}", delayed = "${protime.simulator.change-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void changeSomething() {
        if (settings.autoChange()) {
            sender.deliver(tenant.randomChange());
        }
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void injectFaults() {
        Instant now = clock.instant();
        if (settings.outageEvery().isPresent()) {
            if (nextOutage == null) {
                nextOutage = now.plus(settings.outageEvery().get());
            } else if (!now.isBefore(nextOutage)) {
                LOG.infof("simulator: myProtime is down for %s (protime.simulator.outage-every)", settings.outageDuration());
                tenant.outageFor(settings.outageDuration());
                nextOutage = now.plus(settings.outageEvery().get());
            }
        }
        if (settings.disableWebhooksEvery().isPresent()) {
            if (nextDisable == null) {
                nextDisable = now.plus(settings.disableWebhooksEvery().get());
            } else if (!now.isBefore(nextDisable)) {
                LOG.info("simulator: disabling every webhook (protime.simulator.disable-webhooks-every)");
                tenant.disableWebhooks();
                nextDisable = now.plus(settings.disableWebhooksEvery().get());
            }
        }
    }
}
