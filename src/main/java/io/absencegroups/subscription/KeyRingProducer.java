package io.absencegroups.subscription;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The one key ring: the subscription lifecycle fills it, the receiver reads it. */
@ApplicationScoped
public class KeyRingProducer {

    @Produces
    @Singleton
    KeyRing keyRing(Clock clock) {
        return new KeyRing(clock);
    }
}
