package io.absencegroups.simulator;

import io.absencegroups.config.ProtimeConfig;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Plays a user editing absence groups in myProtime, on a timer, when auto-change is on. */
@ApplicationScoped
@IfBuildProfile(anyOf = {"dev", "test"})
public class ChangeDriver {

    @Inject
    SimulatedTenant tenant;

    @Inject
    DeliverySender sender;

    @Inject
    ProtimeConfig config;

    @Scheduled(every = "${protime.simulator.change-interval}", delayed = "${protime.simulator.change-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void changeSomething() {
        if (config.simulator().autoChange()) {
            sender.deliver(tenant.randomChange());
        }
    }
}
