package io.absencegroups.health;

import io.absencegroups.subscription.SubscriptionManager;
import io.absencegroups.subscription.SubscriptionState;
import io.absencegroups.subscription.SubscriptionStatus;
import io.absencegroups.subscription.ManagedWebhook;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the copy is live and complete: a webhook is Enabled (and not past its validUntil) and a
 * full sync finished since that webhook was created. Otherwise DOWN with the reason. With the
 * subscription disabled by setting it does not hold readiness down.
 */
@Readiness
@ApplicationScoped
public class SubscriptionReadiness implements HealthCheck {

    @Inject
    SubscriptionManager subscriptions;

    @Override
    public HealthCheckResponse call() {
        SubscriptionStatus status = subscriptions.status();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("subscription")
                .withData("state", status.state().name());
        if (status.state() == SubscriptionState.OFF) {
            return response.up()
                    .withData("reason", "the subscription is disabled (protime.subscription.enabled=false); no webhook or sync is awaited")
                    .build();
        }
        ManagedWebhook webhook = status.webhook();
        if (webhook != null) {
            response.withData("webhook", webhook.id()).withData("validUntil", webhook.validUntil().toString());
        }
        if (status.reason() != null) {
            response.withData("reason", status.reason());
        }
        return response.status(status.ready()).build();
    }
}
