package io.absencegroups.upstream;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.quarkus.rest.client.reactive.Url;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * myProtime's absence groups ({@code …/absence-groups}), paged by the server. Scope:
 * {@code connector-protimeapi-absence-groups.read}. Pages come back as text: {@link GroupPage} reads
 * them item by item, so one malformed group does not cost the whole page.
 * Built by {@link MyProtime} on first use, from a run-time base URL; not a CDI REST client.
 */
@OidcClientFilter
@Produces(MediaType.APPLICATION_JSON)
interface AbsenceGroupsApi {

    /** The first page of all absence groups. */
    @GET
    @Path("absence-groups")
    Uni<String> first();

    /** A further page: the absolute form of a page's {@code nextLink}. */
    @GET
    Uni<String> page(@Url String url);
}
