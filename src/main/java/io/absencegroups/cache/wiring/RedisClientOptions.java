package io.absencegroups.cache.wiring;

import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.quarkus.redis.runtime.client.VertxRedisClientFactory;
import io.vertx.redis.client.RedisOptions;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Keeps a copy of the options Quarkus made the default Redis client with (hosts, password, TLS), as
 * it makes it: the shared store makes more clients of the same Redis, one per event loop. Changes
 * nothing in them.
 */
@Singleton
public class RedisClientOptions implements RedisOptionsCustomizer {

    private volatile RedisOptions defaultClient;

    @Override
    public void customize(String clientName, RedisOptions options) {
        if (VertxRedisClientFactory.DEFAULT_CLIENT.equals(clientName)) {
            defaultClient = new RedisOptions(options);
        }
    }

    /** The default client's options; empty until Quarkus made that client. */
    Optional<RedisOptions> defaultClient() {
        return Optional.ofNullable(defaultClient);
    }
}
