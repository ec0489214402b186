package io.absencegroups.subscription;

import io.absencegroups.upstream.CreatedWebhook;
import io.smallrye.mutiny.Uni;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** myProtime's webhook calls, as the subscription needs them ({@link MyProtimeWebhooks} makes them). */
public interface Webhooks {

    /** Creates a webhook for the service's destination URL and collection. */
    Uni<CreatedWebhook> create();

    /** The webhook's status (e.g. {@code Enabled}); empty when myProtime answers 404. */
    Uni<Optional<String>> status(String id);

    /** Deletes the webhook; one that is already gone counts as deleted. */
    Uni<Void> delete(String id);

    /** Webhooks an earlier run of the service left (same destination and collection), with their validUntil. */
    Uni<Map<String, Instant>> leftovers();
}
