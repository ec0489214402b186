package io.absencegroups.health;

import io.absencegroups.subscription.SubscriptionManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * The started probe: UP once the start-up work has run (the subscription launched, or found disabled
 * or not configured). It deliberately does not wait for myProtime: a startup probe that did would get
 * the pod restarted during an upstream outage, which cures nothing. Readiness waits for the webhook and sync.
 */
@Startup
@ApplicationScoped
public class SubscriptionStarted implements HealthCheck {

    @Inject
    SubscriptionManager subscriptions;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("subscription-launched")
                .status(subscriptions.launched())
                .withData("state", subscriptions.status().state().name())
                .build();
    }
}
