package io.absencegroups.upstream;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code POST …/webhooks}. */
@RegisterForReflection
public record WebhookRequest(String destinationUrl, String collectionName) {
}
