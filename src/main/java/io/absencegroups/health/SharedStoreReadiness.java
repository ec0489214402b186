package io.absencegroups.health;

import io.absencegroups.cache.redis.SharedStore;
import io.absencegroups.cache.wiring.StoreBackend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.Optional;

/**
 * With the Redis backend, a pod is ready only while its copy has loaded the shared log and follows it:
 * before that it would serve an old or partial list. With the memory backend this check is always UP.
 */
@Readiness
@ApplicationScoped
public class SharedStoreReadiness implements HealthCheck {

    @Inject
    StoreBackend backend;

    @Override
    public HealthCheckResponse call() {
        Optional<SharedStore> shared = backend.sharedStore();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("store");
        if (shared.isEmpty()) {
            return response.up().withData("backend", "memory").build();
        }
        SharedStore store = shared.get();
        response.withData("backend", "redis").withData("lag", store.lag());
        if (store.replicating()) {
            return response.up().build();
        }
        return response.down().withData("reason", "this pod's copy does not follow the shared log: " + store.problem()).build();
    }
}
