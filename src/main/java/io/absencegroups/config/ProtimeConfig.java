package io.absencegroups.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Every setting of the service, under {@code protime.}. Each is listed in the README's settings
 * table; every time is a {@link Duration} (ISO-8601 such as {@code PT10S}, or Quarkus's short
 * form such as {@code 10s}).
 */
@ConfigMapping(prefix = "protime")
public interface ProtimeConfig {

    /** How much deleted history the store keeps. */
    Store store();

    /** The read API. */
    Api api();

    interface Store {
        /** At most this many tombstones (deleted ids with their last version) are kept; the oldest go first. */
        @WithDefault("10000")
        int tombstoneMaxCount();

        /** A tombstone older than this is purged. It must outlive myProtime's redeliveries of old events. */
        @WithDefault("72h")
        Duration tombstoneMaxAge();

        /** How often tombstones are checked against their age bound when no deletes arrive. */
        @WithDefault("5m")
        Duration purgeInterval();
    }

    interface Api {
        /** The page size of {@code GET /absence-groups/changes} when the consumer gives no {@code limit}. */
        @WithDefault("1000")
        int changesDefaultLimit();

        /** The largest {@code limit} a consumer may ask for. */
        @WithDefault("10000")
        int changesMaxLimit();
    }
}
