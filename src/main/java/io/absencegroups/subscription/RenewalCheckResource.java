package io.absencegroups.subscription;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * A periodic ping for deployments that scale to zero (Knative {@code min-scale: 0} with the redis backend): with
 * no pod running, no timer runs, so the webhook would lapse. The ping starts a pod; that pod takes the lease and
 * this runs the renewal check at once, as the {@code check-interval} timer would. Open without a token, like the
 * probes, because a PingSource or CronJob has none: it only runs a check that replaces the webhook when it is
 * due, and answers the state, no webhook or key.
 */
@Path("/subscription/check")
@Tag(name = "subscription")
public class RenewalCheckResource {

    /** What the ping did: whether this pod ran the check (it owns the subscription), and the state it saw. */
    @Schema(name = "RenewalCheck")
    public record RenewalCheck(boolean checked, SubscriptionState state) {
    }

    @Inject
    SubscriptionManager subscriptions;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Run the renewal check now",
            description = "For a periodic ping (Knative PingSource, CronJob). Any body is ignored. The check replaces the webhook only when it is due.")
    @APIResponse(responseCode = "202", description = "The check runs (checked=true) or another pod owns the subscription (checked=false)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RenewalCheck.class)))
    public RestResponse<RenewalCheck> check() {
        boolean checked = subscriptions.checkNow();
        return RestResponse.accepted(new RenewalCheck(checked, subscriptions.status().state()));
    }
}
