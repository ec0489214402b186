package io.absencegroups.config;

import io.absencegroups.receiver.KeyEncoding;
import io.absencegroups.receiver.SignatureMode;
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

    /** The myProtime API: where it is, how the service introduces itself, and how hard it tries. */
    Upstream upstream();

    /** The webhook that keeps the store live: create, replace before expiry, delete on stop. */
    Subscription subscription();

    /** The full sync that makes the store complete, and its periodic reconcile. */
    Sync sync();

    /**
     * The embedded myProtime simulator. It exists only in dev and test builds; in a prod build
     * these settings are read by nothing.
     */
    Simulator simulator();

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

    interface Upstream {
        /**
         * The tenant's API base, e.g. {@code https://acme.myprotime.eu/connector/protimeapi/api/v1/}
         * (sandbox tenants: {@code https://acme.myprotimesandbox.eu/connector/protimeapi/api/v1/}).
         * Required while the subscription is enabled.
         */
        Optional<String> baseUrl();

        /**
         * The {@code User-Agent} sent on every call, of the form {@code ServiceName/Version (Company)};
         * myProtime refuses calls without one. Required while the subscription is enabled.
         */
        Optional<String> userAgent();

        /** How long to wait for a TCP connection to myProtime. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** One attempt of an upstream call is abandoned after this long (then retried like a 503). */
        @WithDefault("30s")
        Duration callTimeout();

        /** Retries of one call on 5xx, 429, timeouts and I/O errors; never on 400, 403 or 404. */
        Retry retry();

        /** Stops calling myProtime for a while when most recent calls failed, so an outage does not pile up calls. */
        CircuitBreaker circuitBreaker();

        interface Retry {
            /** Retries after the first attempt. */
            @WithDefault("4")
            int maxRetries();

            /** The wait before the first retry; each later wait doubles, up to {@code max-delay}. */
            @WithDefault("1s")
            Duration initialDelay();

            /** The longest wait between two attempts, unless a 429's {@code Retry-After} asks for longer. */
            @WithDefault("30s")
            Duration maxDelay();

            /** Each wait is shortened by a random part of up to this fraction of it (0 to 1), so retries spread out. */
            @WithDefault("0.5")
            double jitter();

            /** No retry starts after this long since the first attempt. */
            @WithDefault("3m")
            Duration maxDuration();
        }

        interface CircuitBreaker {
            /** How many recent calls the breaker looks at. */
            @WithDefault("10")
            int requestVolumeThreshold();

            /** The breaker opens when at least this fraction of those calls failed (5xx, 429, timeouts, I/O). */
            @WithDefault("0.5")
            double failureRatio();

            /** How long the open breaker refuses calls before it lets a trial call through. */
            @WithDefault("30s")
            Duration delay();

            /** Successful trial calls needed to close the breaker again. */
            @WithDefault("1")
            int successThreshold();
        }
    }

    interface Subscription {
        /**
         * Whether the service manages a webhook and syncs with myProtime at all. When false it makes no
         * upstream call: no webhook, no full sync, no reconcile, and readiness does not wait for them.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * The public HTTPS URL myProtime posts deliveries to: this service's receiver, e.g.
         * {@code https://absence-groups.example.com/webhooks/absence-groups}. Required while enabled.
         */
        Optional<String> destinationUrl();

        /** The myProtime collection to subscribe to. */
        @WithDefault("absence-groups")
        String collectionName();

        /** How often the webhook is checked: due for renewal, still {@code Enabled}, still there. */
        @WithDefault("1m")
        Duration checkInterval();

        /** A replacement webhook is created this long before the current one's {@code validUntil}... */
        @WithDefault("1h")
        Duration renewBefore();

        /**
         * ...but never earlier than this fraction of the webhook's lifetime before {@code validUntil} (0 to 1),
         * so a short-lived webhook is not replaced as soon as it exists.
         */
        @WithDefault("0.2")
        double renewBeforeFraction();

        /** After a replacement, the old webhook's key still verifies deliveries for this long. */
        @WithDefault("10m")
        Duration keyGracePeriod();

        /** Delete the service's own webhook when the service stops (best effort). */
        @WithDefault("true")
        boolean deleteOnStop();

        /** How long stopping waits for that delete. */
        @WithDefault("5s")
        Duration deleteOnStopTimeout();

        /** The wait before retrying a failed create or sync; it doubles after each failure, up to {@code max-retry-delay}. */
        @WithDefault("5s")
        Duration initialRetryDelay();

        /** The longest wait between two attempts to create a webhook or finish its sync. */
        @WithDefault("5m")
        Duration maxRetryDelay();

        /**
         * The wait after myProtime rejected a create or a call (400, 401, 403, 404): the cause is a setting
         * (destination URL, collection, credentials, base URL) that someone has to fix, so do not hammer.
         */
        @WithDefault("15m")
        Duration rejectedRetryDelay();
    }

    interface Sync {
        /** How often a full sync runs on its own to reconcile groups that vanished upstream. */
        @WithDefault("1h")
        Duration reconcileInterval();

        /** A listing with more pages than this is abandoned as broken (a nextLink loop). */
        @WithDefault("10000")
        int maxPages();
    }

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

        /** Fault injection: start an outage (every API call answers 503) this often; unset = never. */
        Optional<Duration> outageEvery();

        /** How long each injected outage lasts. */
        @WithDefault("1m")
        Duration outageDuration();

        /** Fault injection: disable every webhook this often, as failed deliveries would; unset = never. */
        Optional<Duration> disableWebhooksEvery();
    }
}
