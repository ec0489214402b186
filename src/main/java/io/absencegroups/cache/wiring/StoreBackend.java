package io.absencegroups.cache.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.ChangeWriter;
import io.absencegroups.cache.LocalChangeWriter;
import io.absencegroups.cache.redis.RedisConfig;
import io.absencegroups.cache.redis.SharedStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Optional;

/**
 * Chooses the store backend ({@code protime.store.backend}): with {@code memory} changes go straight
 * into this process's store; with {@code redis} they go through the shared store, and this process's
 * store is the replica it serves reads from. The Redis client is looked up only in the second case,
 * so the memory backend needs no Redis settings at all.
 */
@ApplicationScoped
public class StoreBackend {

    private static final Logger LOG = Logger.getLogger(StoreBackend.class);

    @Inject
    StoreConfig config;

    @Inject
    AbsenceGroupStore store;

    @Inject
    Instance<RedisConfig> redisConfig;

    @Inject
    Instance<Redis> redis;

    @Inject
    RedisClientOptions redisOptions;

    @Inject
    io.vertx.mutiny.core.Vertx vertx;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    private volatile SharedStore shared;

    @Produces
    @Singleton
    ChangeWriter writer() {
        return config.backend() == StoreConfig.Backend.REDIS ? shared().writer() : new LocalChangeWriter(store);
    }

    /** The shared store, when the backend is Redis. */
    public Optional<SharedStore> sharedStore() {
        return config.backend() == StoreConfig.Backend.REDIS ? Optional.of(shared()) : Optional.empty();
    }

    private synchronized SharedStore shared() {
        if (shared == null) {
            Redis client = redis.get(); // Quarkus makes it here, and shows its options to redisOptions
            RedisOptions loopOptions = redisOptions.defaultClient().orElse(null);
            if (loopOptions == null) {
                // the client did not come from Quarkus's factory under the default name: one client serves every loop
                LOG.warn("the Redis client's options were not seen: the apply script goes through the one client");
            }
            shared = new SharedStore(client, vertx, loopOptions, redisConfig.get(), store, mapper, clock);
        }
        return shared;
    }

    // before the subscription starts: its first sync writes through the shared store
    void start(@Observes @Priority(10) StartupEvent event) {
        sharedStore().ifPresent(s -> {
            LOG.infof("store backend: redis (key prefix %s); loading the shared log", s.keyPrefix());
            s.start();
        });
    }

    void stop(@Observes ShutdownEvent event) {
        sharedStore().ifPresent(SharedStore::stop);
    }
}
