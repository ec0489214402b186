package io.absencegroups.cache.wiring;

import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.StoreLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Wires the plain-Java store and the clock into CDI. */
@ApplicationScoped
public class StoreProducer {

    @Produces
    @Singleton
    AbsenceGroupStore store(Clock clock, StoreConfig config) {
        return new AbsenceGroupStore(clock, new StoreLimits(
                config.tombstoneMaxCount(), config.tombstoneMaxAge()));
    }

    /** Runtime clock, never captured at build time; tests replace it with a fixed or fake one. */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
