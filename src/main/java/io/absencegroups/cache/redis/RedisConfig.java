package io.absencegroups.cache.redis;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The shared store on Redis ({@code protime.store.backend=redis}). Where Redis is, and its
 * password, are Quarkus's own settings ({@code quarkus.redis.hosts}, from the environment or a
 * Secret).
 */
@ConfigMapping(prefix = "protime.redis")
public interface RedisConfig {

    /** Every key this service writes starts with this and a colon, so deployments can share a Redis. */
    @WithDefault("absence-groups-cache")
    String keyPrefix();

    /** How many log entries one read of the Redis stream takes, at start and while tailing. */
    @WithDefault("1000")
    int readBatch();

    /** How long one blocking read of the stream waits for new entries before it checks the epoch again. */
    @WithDefault("2s")
    Duration blockFor();

    /** After Redis failed, wait this long before the replica connects again. */
    @WithDefault("1s")
    Duration retryDelay();

    /** How long a change waits for Redis before the caller is told it failed (deliveries then get 503). */
    @WithDefault("5s")
    Duration applyTimeout();

    /** How long the subscription owner's lease lasts without renewal; another pod takes over after that. */
    @WithDefault("15s")
    Duration leaseTtl();

    /** How often the owner renews its lease (and other pods try to take it). Well below {@code lease-ttl}. */
    @WithDefault("5s")
    Duration leaseRenewEvery();

    /** How often the owner writes the subscription (webhook, keys, state) to Redis and the other pods read it. */
    @WithDefault("1s")
    Duration recordEvery();
}
