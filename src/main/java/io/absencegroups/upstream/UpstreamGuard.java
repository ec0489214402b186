package io.absencegroups.upstream;

import io.smallrye.common.annotation.Identifier;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one fault-tolerance policy for calls to myProtime, applied with {@code @ApplyGuard} on
 * {@link MyProtime}'s methods. Built at run time from {@code protime.upstream.*}, so every number is a
 * setting (annotation values could not read {@code Duration} settings). One guard means one circuit
 * breaker for the whole upstream: when myProtime is down, every kind of call stops at once.
 * <p>
 * Order (fixed by SmallRye): retry around circuit breaker, so every attempt counts in the breaker. Each
 * attempt's timeout ({@code protime.upstream.call-timeout}) is applied inside the guarded method, where
 * it can cancel the request; its {@code TimeoutException} is retried like a 503.
 */
@ApplicationScoped
public class UpstreamGuard {

    /** The guard's identifier, and the circuit breaker's name for {@code CircuitBreakerMaintenance}. */
    public static final String NAME = "myprotime";

    /** 1 while the breaker is open or half-open; shared by the gauge and the guard's state listener. */
    private final AtomicInteger open = new AtomicInteger();

    // SmallRye's own metrics are per method, which misleads for a breaker shared by all methods; registered at
    // start, so the gauge reads 0 before the first call rather than nothing
    void registerGauge(@Observes StartupEvent event, MeterRegistry registry) {
        Gauge.builder("absencegroups.upstream.circuit.open", open, AtomicInteger::get)
                .description("1 while the breaker in front of myProtime is open or half-open, 0 while closed")
                .strongReference(true)
                .register(registry);
    }

    @Produces
    @Singleton
    @Identifier(NAME)
    Guard guard(UpstreamConfig config) {
        UpstreamConfig.Retry retry = config.retry();
        UpstreamConfig.CircuitBreaker breaker = config.circuitBreaker();
        BreakerLog log = new BreakerLog(breaker.delay());
        return Guard.create()
                .withDescription("calls to myProtime")
                .withCircuitBreaker()
                    .name(NAME)
                    .when(IsTransientFailure.INSTANCE)
                    .requestVolumeThreshold(breaker.requestVolumeThreshold())
                    .failureRatio(breaker.failureRatio())
                    .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(breaker.successThreshold())
                    .onStateChange(state -> {
                        open.set(state == CircuitBreakerState.CLOSED ? 0 : 1);
                        log.accept(state);
                    })
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
