package io.absencegroups.subscription;

import io.absencegroups.sync.FullSync;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.Map;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The subscription's status for operators. It only reads memory, so it runs on the event loop. */
@Path("/subscription")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
@Tag(name = "subscription", description = "The webhook that keeps the copy live, and the full syncs that keep it complete")
public class SubscriptionResource {

    static final String EXAMPLE = """
            {"state":"ACTIVE","ready":true,"reason":null,"webhook":{"id":"3f1c6a52-8d8e-4c55-9a3e-6f0d2b7c1e90","status":"Enabled","createdAt":"2025-03-24T10:30:00Z","validUntil":"2025-03-31T10:30:00Z","syncedAt":"2025-03-24T10:30:02Z","nextRenewal":"2025-03-31T09:30:00Z"},"replacement":null,"keys":["3f1c6a52-8d8e-4c55-9a3e-6f0d2b7c1e90"],"lastDelivery":"2025-03-25T08:12:44Z","lastFullSync":{"trigger":"reconcile","outcome":"COMPLETE","startedAt":"2025-03-25T09:30:00Z","finishedAt":"2025-03-25T09:30:01Z","durationMillis":812,"pages":2,"items":41,"applied":0,"unchanged":41,"removed":0,"skipped":0,"error":null},"counters":{"webhooksCreated":1,"createFailures":0,"replacements":0,"failedAttempts":0,"webhooksDeleted":0,"deleteFailures":0},"lastError":null,"store":null}""";

    @Inject
    SubscriptionManager subscriptions;

    @Inject
    FullSync fullSync;

    @Inject
    KeyRing keyRing;

    @Inject
    DeliveryActivity deliveries;

    @Inject
    Instance<SharedRole> shared;

    @GET
    @Operation(summary = "The subscription's status",
            description = "The webhook (id, status, validUntil, next renewal), a replacement in flight, the last delivery, "
                    + "the last full sync, counters and the last error. Never a key.")
    @APIResponse(responseCode = "200", description = "The status",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionView.class),
                    examples = @ExampleObject(name = "active", value = EXAMPLE)))
    public SubscriptionView get() {
        Map<String, Object> store = shared.isResolvable() ? shared.get().describe().orElse(null) : null;
        return SubscriptionView.of(subscriptions.status(), keyRing.names(), deliveries.last().orElse(null),
                fullSync.last().orElse(null), store);
    }
}
