package io.absencegroups.simulator;

import io.absencegroups.cache.AbsenceGroup;
import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * myProtime's API as the simulated tenant answers it: the token endpoint, webhooks and the
 * paged absence-group list, with myProtime's error shape. Only in dev and test builds.
 */
@Path(TenantApi.ROOT)
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
@IfBuildProfile(anyOf = {"dev", "test"})
@Tag(name = "simulator", description = "A fake myProtime tenant (dev and test builds only)")
public class TenantApi {

    /** Everything the simulator serves lives under this path of the service's own port. */
    public static final String ROOT = "/simulator";
    /** The API base, as on a real tenant host after the host name. */
    public static final String API = "/connector/protimeapi/api/v1";

    /** validUntil "as ISO-8601 with offset", in the tenant's zone, as myProtime writes it. */
    private static final DateTimeFormatter VALID_UNTIL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX")
            .withZone(ZoneId.of("Europe/Brussels"));

    @Inject
    SimulatedTenant tenant;

    @Inject
    SimulatorConfig settings;

    @POST
    @Path("tenants/{tenant}/connect/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "OAuth2 client credentials token endpoint")
    public Response token(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                          @FormParam("grant_type") String grantType,
                          @FormParam("client_id") String clientId,
                          @FormParam("client_secret") String clientSecret,
                          @FormParam("scope") String scope) {
        if (tenant.isDown()) {
            return error(new Refusal(503, "ServiceUnavailable", "maintenance"));
        }
        if (!"client_credentials".equals(grantType)) {
            return Response.status(400).entity(Map.of("error", "unsupported_grant_type")).build();
        }
        if (authorization != null && authorization.startsWith("Basic ")) {
            String[] pair = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8)
                    .split(":", 2);
            clientId = pair[0];
            clientSecret = pair.length > 1 ? pair[1] : null;
        }
        Optional<Refusal> refused = tenant.checkClient(clientId, clientSecret);
        if (refused.isPresent()) {
            return Response.status(401).entity(Map.of("error", "invalid_client")).build();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", tenant.issueToken());
        body.put("expires_in", settings.tokenLifetime().toSeconds());
        body.put("token_type", "Bearer");
        body.put("scope", scope == null ? "" : scope);
        return Response.ok(body).build();
    }

    @GET
    @Path("tenants/{tenant}/.well-known/openid-configuration")
    @Operation(summary = "OIDC discovery, pointing at the token endpoint")
    public Map<String, Object> discovery(@PathParam("tenant") String name, @HeaderParam("Host") String host) {
        String issuer = "http://" + host + ROOT + "/tenants/" + name;
        return Map.of("issuer", issuer, "token_endpoint", issuer + "/connect/token",
                "grant_types_supported", List.of("client_credentials"));
    }

    @POST
    @Path(API + "/webhooks")
    @Operation(summary = "Create a webhook: 201 with Location, the key and validUntil")
    public Response createWebhook(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                  @HeaderParam(HttpHeaders.USER_AGENT) String userAgent,
                                  Map<String, Object> request) {
        Optional<Response> refused = refuse(authorization, userAgent);
        if (refused.isPresent()) {
            return refused.get();
        }
        String destinationUrl = request == null ? null : (String) request.get("destinationUrl");
        String collectionName = request == null ? null : (String) request.get("collectionName");
        Optional<Refusal> invalid = tenant.checkWebhook(destinationUrl, collectionName);
        if (invalid.isPresent()) {
            return Response.status(400).entity(Map.of("validationErrors", List.of(
                    Map.of("code", invalid.get().code(), "message", invalid.get().message())))).build();
        }
        SimulatedTenant.Webhook webhook = tenant.createWebhook(destinationUrl, collectionName);
        Map<String, Object> body = describe(webhook);
        body.put("key", webhook.key());
        return Response.status(201).header(HttpHeaders.LOCATION, ROOT + API + "/webhooks/" + webhook.id())
                .entity(body).build();
    }

    @GET
    @Path(API + "/webhooks/{id}")
    public Response webhook(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            @HeaderParam(HttpHeaders.USER_AGENT) String userAgent,
                            @PathParam("id") String id) {
        return refuse(authorization, userAgent).orElseGet(() -> tenant.webhook(id)
                .map(w -> Response.ok(describe(w)).build())
                .orElseGet(() -> error(new Refusal(404, "NotFound", "no webhook " + id))));
    }

    @GET
    @Path(API + "/webhooks")
    public Response webhooks(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                             @HeaderParam(HttpHeaders.USER_AGENT) String userAgent,
                             @QueryParam("filter") String filter) {
        return refuse(authorization, userAgent).orElseGet(() -> Response.ok(Map.of("value",
                tenant.webhooks().stream()
                        .filter(w -> filter == null || !filter.startsWith("status eq ") || filter.contains("'" + w.status() + "'"))
                        .map(TenantApi::describe).toList())).build());
    }

    @DELETE
    @Path(API + "/webhooks/{id}")
    public Response deleteWebhook(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                  @HeaderParam(HttpHeaders.USER_AGENT) String userAgent,
                                  @PathParam("id") String id) {
        return refuse(authorization, userAgent).orElseGet(() -> tenant.deleteWebhook(id)
                ? Response.noContent().build()
                : error(new Refusal(404, "NotFound", "no webhook " + id)));
    }

    /**
     * The list, paged by a continuation token that is the last id seen. The page after the
     * first is always empty, because myProtime says an empty page is not the end.
     */
    @GET
    @Path(API + "/absence-groups")
    public Response groups(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                           @HeaderParam(HttpHeaders.USER_AGENT) String userAgent,
                           @QueryParam("continuationToken") String continuation) {
        Optional<Response> refused = refuse(authorization, userAgent);
        if (refused.isPresent()) {
            return refused.get();
        }
        String token = continuation == null ? "first-0" : continuation;
        long afterId = Long.parseLong(token.substring(token.indexOf('-') + 1));
        List<AbsenceGroup> page = token.startsWith("empty-") ? List.of() : tenant.page(afterId, settings.pageSize());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", page);
        long lastId = page.isEmpty() ? afterId : page.get(page.size() - 1).id();
        String next = null;
        if (token.startsWith("first-") && !page.isEmpty()) {
            next = "empty-" + lastId;
        } else if (token.startsWith("empty-") || !tenant.page(lastId, 1).isEmpty()) {
            next = "next-" + lastId;
        }
        if (next != null) {
            body.put("nextLink", ROOT + API + "/absence-groups?continuationToken=" + next);
        }
        return Response.ok(body).build();
    }

    @GET
    @Path(API + "/absence-groups/{id}")
    public Response group(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                          @HeaderParam(HttpHeaders.USER_AGENT) String userAgent,
                          @PathParam("id") long id) {
        return refuse(authorization, userAgent).orElseGet(() -> tenant.group(id)
                .map(g -> Response.ok(g).build())
                .orElseGet(() -> error(new Refusal(404, "NotFound", "no absence group " + id))));
    }

    private Optional<Response> refuse(String authorization, String userAgent) {
        if (tenant.isDown()) {
            return Optional.of(Response.status(503).header("Retry-After", "1")
                    .entity(errorBody(new Refusal(503, "ServiceUnavailable", "maintenance"))).build());
        }
        if (userAgent == null || userAgent.isBlank()) {
            return Optional.of(error(new Refusal(400, "MissingUserAgent", "a User-Agent header is required")));
        }
        return tenant.checkToken(authorization).map(TenantApi::error);
    }

    private static Response error(Refusal refusal) {
        return Response.status(refusal.status()).type(MediaType.APPLICATION_JSON).entity(errorBody(refusal)).build();
    }

    private static Map<String, Object> errorBody(Refusal refusal) {
        return Map.of("error", Map.of("code", refusal.code(), "message", refusal.message()));
    }

    private static Map<String, Object> describe(SimulatedTenant.Webhook webhook) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", webhook.id());
        body.put("validUntil", VALID_UNTIL.format(webhook.validUntil()));
        body.put("status", webhook.status());
        body.put("destinationUrl", webhook.destinationUrl());
        body.put("collectionName", webhook.collectionName());
        return body;
    }
}
