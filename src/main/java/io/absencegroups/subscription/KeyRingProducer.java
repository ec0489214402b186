package io.absencegroups.subscription;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The one key ring: the subscription lifecycle fills it, the receiver reads it. It starts with the static
 * key, when one is configured, so that key verifies the very first delivery.
 */
@ApplicationScoped
public class KeyRingProducer {

    /** The key ring name of {@code protime.webhook.static-key}. */
    public static final String STATIC_KEY_NAME = "static";

    @Produces
    @Singleton
    KeyRing keyRing(Clock clock, WebhookKeyConfig keys) {
        KeyRing ring = new KeyRing(clock);
        keys.staticKey().ifPresent(key -> ring.add(STATIC_KEY_NAME, keys.decode(key)));
        return ring;
    }
}
