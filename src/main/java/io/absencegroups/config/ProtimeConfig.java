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

    /**
     * The embedded myProtime simulator. It exists only in dev and test builds; in a prod build
     * these settings are read by nothing.
     */
    Simulator simulator();

    interface Simulator {
        /** The client id the simulated token endpoint accepts. */
        @WithDefault("simulator-client")
        String clientId();

        /** The client secret the simulated token endpoint accepts (a dev value, not a secret). */
        @WithDefault("simulator-secret")
        String clientSecret();

        /** How long a simulated access token lives ({@code expires_in}); myProtime's examples say 1800 s. */
        @WithDefault("30m")
        Duration tokenLifetime();

        /** How long a simulated webhook lives; short, so replacements can be watched. */
        @WithDefault("2m")
        Duration webhookLifetime();

        /** Refuse plain-http destination URLs, as real myProtime does. Off so localhost works. */
        @WithDefault("false")
        boolean requireHttps();

        /** Consecutive failed deliveries after which a webhook becomes Disabled. */
        @WithDefault("5")
        int disableAfterFailures();

        /** Groups per page of the list; an empty page follows the first one. */
        @WithDefault("5")
        int pageSize();

        /** Make random changes on a timer. */
        @WithDefault("true")
        boolean autoChange();

        /** How often a random change is made when {@code auto-change} is on. */
        @WithDefault("3s")
        Duration changeInterval();

        /** Percent of random changes that are a "save all" burst (every group re-sent). */
        @WithDefault("5")
        int saveAllPercent();

        /** Percent of random changes that delete a group. */
        @WithDefault("10")
        int deletePercent();

        /** Percent of random changes that create a group. */
        @WithDefault("10")
        int createPercent();

        /** Percent of deliveries that are sent twice. */
        @WithDefault("20")
        int duplicatePercent();

        /** Send each batch of deliveries in shuffled order, so they arrive out of order. */
        @WithDefault("true")
        boolean shuffle();

        /** The header that carries the delivery's HMAC-SHA256 (hex). */
        @WithDefault("X-Protime-Signature")
        String signatureHeader();

        /** How long the sender waits for the receiver to answer a delivery. */
        @WithDefault("5s")
        Duration deliveryTimeout();
    }
}
