package io.absencegroups.subscription;

import io.absencegroups.api.Problem;
import io.absencegroups.sync.FullSync;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an operator can ask for (role {@code operator} with {@code protime.api.auth=bearer}): a full sync now,
 * and a new webhook now (after rotating credentials, say). Both answer {@code 202} at once and point at
 * {@code /subscription}; a request while one is running joins it. Each is logged at INFO with who asked and
 * what it did.
 */
@Path("/subscription")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "subscription")
public class OperatorActionsResource {

    static final String WATCH = "/subscription";
    private static final Logger LOG = Logger.getLogger(OperatorActionsResource.class);
    private static final Set<SubscriptionState> NO_UPSTREAM =
            Set.of(SubscriptionState.OFF, SubscriptionState.NOT_CONFIGURED, SubscriptionState.STOPPED);

    private final AtomicLong requests = new AtomicLong();

    @Inject
    SubscriptionManager subscriptions;

    @Inject
    FullSync fullSync;

    @POST
    @Path("sync")
    @Operation(summary = "Run a full sync now",
            description = "Lists the whole collection and reconciles, as the periodic reconcile does. Joins a full sync that is running.")
    @APIResponse(responseCode = "202", description = "Started or joined; lastFullSync in /subscription shows its outcome",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OperatorAction.class)))
    @APIResponse(responseCode = "409", description = "The subscription is off, not configured, or stopping",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response sync(RoutingContext request) {
        SubscriptionStatus status = subscriptions.status();
        if (NO_UPSTREAM.contains(status.state())) {
            return refused("sync", request, status);
        }
        boolean joined = startSyncUnlessRunning();
        LOG.infof("operator action by %s: full sync %s", caller(request),
                joined ? "joined the one running" : "started (trigger 'operator')");
        return accepted(new OperatorAction("sync", joined,
                joined ? "a full sync was running; it is the one to watch" : "a full sync started",
                WATCH));
    }

    @POST
    @Path("replace")
    @Operation(summary = "Replace the webhook now",
            description = "Creates a new webhook, syncs, then deletes the old one, as a renewal does. Joins a replacement in flight.")
    @APIResponse(responseCode = "202", description = "Started or joined; webhook and replacement in /subscription show its progress",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OperatorAction.class)))
    @APIResponse(responseCode = "409", description = "The subscription is off, not configured, not started, or stopping",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response replace(RoutingContext request) {
        // numbered, so the replacement in flight tells whether this request started it
        String reason = "operator request #" + requests.incrementAndGet() + " by " + caller(request);
        SubscriptionStatus status = subscriptions.status();
        Optional<String> running = NO_UPSTREAM.contains(status.state()) ? Optional.empty() : subscriptions.replaceNow(reason);
        if (running.isEmpty()) {
            return refused("replace", request, subscriptions.status());
        }
        boolean joined = !running.get().equals(reason);
        LOG.infof("operator action by %s: webhook replacement %s", caller(request),
                joined ? "joined the one in flight (" + running.get() + ")" : "started");
        return accepted(new OperatorAction("replace", joined,
                joined ? "a replacement was in flight (" + running.get() + "); it is the one to watch"
                        : "a new webhook is being created; the old one serves until the new one is synced",
                WATCH));
    }

    /** Starts a full sync unless one runs; true when one ran. Two requests at once start one sync. */
    private synchronized boolean startSyncUnlessRunning() {
        if (fullSync.running()) {
            return true;
        }
        // run() counts itself as running as soon as it is subscribed to, before this lock is released
        fullSync.run("operator").subscribe().with(report -> { }, failure -> { });
        return false;
    }

    private static Response accepted(OperatorAction action) {
        return Response.accepted(action).location(URI.create(WATCH)).build();
    }

    private Response refused(String action, RoutingContext request, SubscriptionStatus status) {
        String why = switch (status.state()) {
            case OFF -> "the subscription is off (protime.subscription.enabled=false): no webhook and no myProtime to sync with";
            case NOT_CONFIGURED, NOT_STARTED -> status.reason();
            default -> "the service is stopping";
        };
        LOG.infof("operator action by %s: %s refused: %s", caller(request), action, why);
        return Problem.of(409, "cannot " + action + " now: " + why).toResponse();
    }

    /** The token's subject, or "anonymous" with protime.api.auth=none. Never the token. */
    private static String caller(RoutingContext request) {
        return request.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous()
                ? "'" + user.getSecurityIdentity().getPrincipal().getName() + "'"
                : "anonymous";
    }
}
