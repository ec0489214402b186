package io.absencegroups.cache.wiring;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Where the groups live, and how much deleted history the store keeps ({@code protime.store.*}). */
@ConfigMapping(prefix = "protime.store")
public interface StoreConfig {

    /**
     * {@code memory} (the default): this process alone holds the groups, so one replica. {@code redis}: the
     * groups live in Redis ({@code protime.redis.*}, {@code quarkus.redis.hosts}), shared by every replica,
     * each serving reads from its own copy.
     */
    @WithDefault("memory")
    Backend backend();

    /** The store backends. */
    enum Backend { MEMORY, REDIS }

    /** At most this many tombstones (deleted ids with their last version) are kept; the oldest go first. */
    @WithDefault("10000")
    int tombstoneMaxCount();

    /** A tombstone older than this is purged. It must outlive myProtime's redeliveries of old events. */
    @WithDefault("72h")
    Duration tombstoneMaxAge();

    /** How often tombstones are checked against their age bound when no deletes arrive ({@link TombstonePurge}). */
    @WithDefault("5m")
    Duration purgeInterval();
}
