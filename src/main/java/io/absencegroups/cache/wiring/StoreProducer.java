package io.absencegroups.cache.wiring;

import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.StoreLimits;
import io.absencegroups.config.ProtimeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Wires the plain-Java store and the clock into CDI. */
@ApplicationScoped
public class StoreProducer {

    @Produces
    @Singleton
    AbsenceGroupStore store(Clock clock, ProtimeConfig config) {
        return new AbsenceGroupStore(clock, new StoreLimits(
                config.store().tombstoneMaxCount(), config.store().tombstoneMaxAge()));
    }

    /** Runtime clock, never captured at build time; tests replace it with a fixed or fake one. */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
