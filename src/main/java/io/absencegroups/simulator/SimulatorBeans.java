package io.absencegroups.simulator;

import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Random;

/** The simulated tenant as a bean; like everything in this package, only in dev and test builds. */
@ApplicationScoped
@IfBuildProfile(anyOf = {"dev", "test"})
public class SimulatorBeans {

    @Produces
    @Singleton
    @IfBuildProfile(anyOf = {"dev", "test"})
    SimulatedTenant tenant(Clock clock, SimulatorConfig config) {
        return new SimulatedTenant(clock, new Random(), config);
    }
}
