package io.absencegroups.upstream;

import io.absencegroups.config.ProtimeConfig;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one fault-tolerance policy for calls to myProtime, applied with {@code @ApplyGuard} on
 * {@link MyProtime}'s methods. Built at run time from {@code protime.upstream.*}, so every number is a
 * setting (annotation values could not read {@code Duration} settings). One guard means one circuit
 * breaker for the whole upstream: when myProtime is down, every kind of call stops at once.
 * <p>
 * Order (fixed by SmallRye): retry around circuit breaker around timeout, so every attempt has its own
 * timeout and counts in the breaker.
 */
@ApplicationScoped
public class UpstreamGuard {

    /** The guard's identifier, and the circuit breaker's name for {@code CircuitBreakerMaintenance}. */
    public static final String NAME = "myprotime";

    @Produces
    @Singleton
    @Identifier(NAME)
    Guard guard(ProtimeConfig config) {
        ProtimeConfig.Upstream upstream = config.upstream();
        ProtimeConfig.Upstream.Retry retry = upstream.retry();
        ProtimeConfig.Upstream.CircuitBreaker breaker = upstream.circuitBreaker();
        return Guard.create()
                .withDescription("calls to myProtime")
                .withTimeout()
                    .duration(upstream.callTimeout().toMillis(), ChronoUnit.MILLIS)
                    .done()
                .withCircuitBreaker()
                    .name(NAME)
                    .when(IsTransientFailure.INSTANCE)
                    .requestVolumeThreshold(breaker.requestVolumeThreshold())
                    .failureRatio(breaker.failureRatio())
                    .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(breaker.successThreshold())
                    .done()
                .withRetry()
                    .maxRetries(retry.maxRetries())
                    .delay(retry.initialDelay().toMillis(), ChronoUnit.MILLIS)
                    .jitter(0, ChronoUnit.MILLIS)
                    .maxDuration(retry.maxDuration().toMillis(), ChronoUnit.MILLIS)
                    .whenException(IsTransientFailure.INSTANCE)
                    .withCustomBackoff()
                        .strategy(() -> new RetryAfterBackoff(retry.initialDelay(), retry.maxDelay(), retry.jitter(),
                                retry.maxDuration(), () -> ThreadLocalRandom.current().nextDouble()))
                        .done()
                    .done()
                .build();
    }
}
