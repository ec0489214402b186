package io.absencegroups.simulator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * The embedded myProtime simulator ({@code protime.simulator.*}). Fenced off like the simulator: only the
 * simulator's beans inject it, and in a prod build they are left out ({@code @IfBuildProfile}), so nothing
 * injects it and Quarkus does not register this mapping at all.
 */
@ConfigMapping(prefix = "protime.simulator")
public interface SimulatorConfig {

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

    /** Make random changes on a timer. Off by default, so tests drive the tenant by hand; dev mode turns it on. */
    @WithDefault("false")
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
