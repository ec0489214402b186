package io.absencegroups.upstream;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.quarkus.rest.client.reactive.Url;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * myProtime's webhook subscriptions ({@code …/webhooks}). Scopes: {@code connector-protimeapi-webhooks.read}
 * and {@code .write}. Every error status becomes an {@link UpstreamException}. Bodies come back as text
 * and are read by hand, because myProtime's field names are partly assumed and must be read tolerantly.
 * Built by {@link MyProtime} on first use, from a run-time base URL; not a CDI REST client.
 */
@OidcClientFilter
@Produces(MediaType.APPLICATION_JSON)
interface WebhooksApi {

    /** Creates a webhook. 201 with {@code Location} and a body holding the private key and {@code validUntil}. */
    @POST
    @Path("webhooks")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> create(WebhookRequest request);

    /** One webhook: {@code id}, {@code status}, {@code validUntil}, {@code destinationUrl}, {@code collectionName}. */
    @GET
    @Path("webhooks/{id}")
    Uni<String> get(@PathParam("id") String id);

    /** The first page of webhooks matching {@code filter} (e.g. {@code collectionName eq 'absence-groups'}). */
    @GET
    @Path("webhooks")
    Uni<String> list(@QueryParam("filter") String filter);

    /** A further page: the absolute form of a page's {@code nextLink}. */
    @GET
    Uni<String> page(@Url String url);

    /** A soft delete: deliveries stop. */
    @DELETE
    @Path("webhooks/{id}")
    Uni<Void> delete(@PathParam("id") String id);
}
