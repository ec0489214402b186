package io.absencegroups.config;

import io.absencegroups.webhook.KeyEncoding;
import io.absencegroups.webhook.SignatureMode;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

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

    /** The webhook receiver: where myProtime POSTs its deliveries, and how they are authenticated. */
    Webhook webhook();

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

    interface Webhook {
        /** The path that receives myProtime's deliveries (POST); the webhook's destination URL ends with it. */
        @WithDefault("/webhooks/absence-groups")
        String path();

        /** A delivery larger than this is refused with 413, before it is read whole ({@code 256K} = 256 KiB). */
        @WithDefault("256K")
        MemorySize maxBodySize();

        /**
         * A delivery whose body has not arrived whole this long after its headers is refused with
         * 408 and its connection closed, so a client that trickles bytes cannot hold a connection.
         */
        @WithDefault("10s")
        Duration bodyTimeout();

        /**
         * The request header that carries the signature. Unset: a delivery is authentic when any
         * of its headers carries a valid signature, and each header that did is named once in the
         * log so it can be pinned here.
         */
        Optional<String> signatureHeader();

        /**
         * {@code enforce}: a delivery without a valid signature gets 401 and changes nothing.
         * {@code report}: it is applied, and the mismatch is logged and counted (for the first
         * connection to a tenant). {@code off}: no check at all, for development only.
         */
        @WithDefault("enforce")
        SignatureMode signatureMode();

        /** How a webhook key's text becomes HMAC key bytes: {@code utf8} (its UTF-8 bytes) or {@code base64} (decoded). */
        @WithDefault("utf8")
        KeyEncoding keyEncoding();

        /**
         * A webhook key added to the key ring at startup under the name {@code static}, for a
         * deployment that registered its webhook by hand. A secret: give it through the
         * environment ({@code PROTIME_WEBHOOK_STATIC_KEY}) or a Secret; it is never logged.
         */
        Optional<String> staticKey();
    }
}
