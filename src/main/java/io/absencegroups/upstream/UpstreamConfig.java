package io.absencegroups.upstream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * The myProtime API ({@code protime.upstream.*}): where it is, how the service introduces itself, and how hard it tries.
 */
@ConfigMapping(prefix = "protime.upstream")
public interface UpstreamConfig {

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
