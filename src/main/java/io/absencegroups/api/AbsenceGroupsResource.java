package io.absencegroups.api;

import io.absencegroups.cache.AbsenceGroup;
import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.ChangesPage;
import io.absencegroups.cache.Cursor;
import io.absencegroups.cache.CursorExpiredException;
import io.absencegroups.cache.MalformedCursorException;
import io.absencegroups.cache.Snapshot;
import io.absencegroups.cache.Stored;
import io.absencegroups.config.ProtimeConfig;
import io.absencegroups.json.LocalizedGroup;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The read API over the store. Every method only reads memory, so all run on the event loop.
 */
@Path("/absence-groups")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
@Tag(name = "absence groups", description = "The live copy of the tenant's absence groups")
public class AbsenceGroupsResource {

    private static final Set<String> LIST_PARAMS = Set.of("type", "lang");
    private static final Set<String> ONE_PARAMS = Set.of("lang");
    private static final Set<String> CHANGES_PARAMS = Set.of("after", "limit");

    static final String GROUP_EXAMPLE = """
            {"id":2,"changeVersion":"0000090200004BD0000A","name":{"default":"Sick","translations":{"nl":"Ziek","fr":"Malade"}},"type":"Absence"}""";
    static final String LIST_EXAMPLE = """
            {"value":[{"id":2,"changeVersion":"0000090200004BD0000A","name":{"default":"Sick","translations":{"nl":"Ziek","fr":"Malade"}},"type":"Absence","displayName":"Ziek"}],"changeVersion":"0000090200004BD0000A","cursor":"5f0c2a9e41d7b3c8-1042"}""";
    static final String CHANGES_EXAMPLE = """
            {"value":[{"changeType":"InsertOrUpdate","data":{"id":2,"changeVersion":"0000090200004BD0000A","name":{"default":"Sick","translations":{"nl":"Ziek"}},"type":"Absence"}},{"changeType":"Delete","data":{"id":7,"changeVersion":"0000090200004BD0000C"}}],"cursor":"5f0c2a9e41d7b3c8-1044","hasMore":false}""";
    static final String PROBLEM_EXAMPLE = """
            {"type":"about:blank","title":"Bad Request","status":400,"detail":"an absence-group id is a non-negative integer, got 'abc'"}""";
    static final String EXPIRED_TYPE = "urn:absence-groups-cache:cursor-expired";
    static final String GONE_EXAMPLE = """
            {"type":"urn:absence-groups-cache:cursor-expired","title":"Gone","status":410,"detail":"the cursor is from another run of the service or another store; reload GET /absence-groups and follow the changes from its cursor"}""";
    static final String BAD_CURSOR_EXAMPLE = """
            {"type":"about:blank","title":"Bad Request","status":400,"detail":"'after' must be a cursor from an earlier answer of this service, got 'zzz'; start without 'after', or from the cursor of GET /absence-groups"}""";

    @Inject
    AbsenceGroupStore store;

    @Inject
    ProtimeConfig config;

    @GET
    @Operation(summary = "All absence groups",
            description = "Every live group, sorted by id, with the greatest changeVersion applied and the cursor the list "
                    + "was taken at: follow GET /absence-groups/changes?after=<cursor> from it and nothing is missed. "
                    + "The ETag is the cursor. Revalidate with If-None-Match: the answer is 304 while nothing changed.")
    @APIResponse(responseCode = "200", description = "The groups",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "with lang=nl", value = LIST_EXAMPLE)))
    @APIResponse(responseCode = "304", description = "Nothing changed since the ETag in If-None-Match")
    @APIResponse(responseCode = "400", description = "An unknown query parameter or a malformed value",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad lang", value = PROBLEM_EXAMPLE)))
    @Parameter(name = "type", in = ParameterIn.QUERY, description = "Only groups of this type (repeatable), e.g. Absence, WorkingElsewhere")
    @Parameter(name = "lang", in = ParameterIn.QUERY, description = "Adds displayName: the translation for this language, else the default name", example = "nl")
    public Response list(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @Context UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        QueryParams.allowOnly(query, LIST_PARAMS);
        String language = QueryParams.language(query);
        Set<String> wanted = QueryParams.types(query);

        // the cursor alone decides a 304, so a current client costs no list walk
        String current = EntityTags.quote(store.cursor().text());
        if (EntityTags.matches(ifNoneMatch, current)) {
            // notModified() without an argument: with one, JAX-RS quotes the already quoted tag again
            return Response.notModified().header(HttpHeaders.ETAG, current).build();
        }
        Snapshot snapshot = store.snapshot();
        List<Object> value = new ArrayList<>(snapshot.groups().size());
        for (AbsenceGroup group : snapshot.groups()) {
            if (wanted == null || wanted.contains(group.type())) {
                value.add(language == null ? group : new LocalizedGroup(group, language));
            }
        }
        String cursor = snapshot.cursor().text();
        return Response.ok(new GroupList(value, snapshot.highWaterMark(), cursor))
                .header(HttpHeaders.ETAG, EntityTags.quote(cursor))
                .build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One absence group", description = "The group's ETag is its changeVersion.")
    @APIResponse(responseCode = "200", description = "The group",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "a group", value = GROUP_EXAMPLE)))
    @APIResponse(responseCode = "304", description = "The group still has the version in If-None-Match")
    @APIResponse(responseCode = "400", description = "The id is not a number",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad id", value = PROBLEM_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such group, or it was deleted",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @Parameter(name = "lang", in = ParameterIn.QUERY, description = "Adds displayName in this language", example = "fr")
    public Response one(
            @Parameter(description = "The group's id", example = "2") @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @Context UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        QueryParams.allowOnly(query, ONE_PARAMS);
        long groupId = QueryParams.id(id);
        String language = QueryParams.language(query);
        AbsenceGroup group = store.get(groupId)
                .orElseThrow(() -> ProblemException.notFound("absence group " + groupId + " does not exist or was deleted"));
        String etag = EntityTags.quote(group.changeVersion().text());
        if (EntityTags.matches(ifNoneMatch, etag)) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).build();
        }
        Object body = language == null ? group : new LocalizedGroup(group, language);
        return Response.ok(body).header(HttpHeaders.ETAG, etag).build();
    }

    @GET
    @Path("changes")
    @Operation(summary = "Changes after a cursor",
            description = "For systems that keep their own copy: every change the service applied after the cursor 'after', "
                    + "deletes included, in the order the service applied them, one item per group (its latest state). "
                    + "Apply the items in the order given and pass the answer's cursor as 'after' next time. "
                    + "To start: GET /absence-groups, then follow from its cursor; nothing is missed between the two. "
                    + "Without 'after' the feed starts at the oldest retained change. "
                    + "A 410 means the cursor cannot be continued (another run of the service, or deletes after it were purged): "
                    + "reload GET /absence-groups and follow from its cursor.")
    @APIResponse(responseCode = "200", description = "The changes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "an update and a delete", value = CHANGES_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "A cursor this service did not hand out, or a malformed limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad cursor", value = BAD_CURSOR_EXAMPLE)))
    @APIResponse(responseCode = "410", description = "The cursor cannot be continued: reload the list",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "expired", value = GONE_EXAMPLE)))
    @Parameter(name = "after", in = ParameterIn.QUERY, description = "A cursor from an earlier answer (the list's, or the feed's)", example = "5f0c2a9e41d7b3c8-1042")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "At most this many changes (default and maximum are settings)", example = "1000")
    public ChangeFeed changes(@Context UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        QueryParams.allowOnly(query, CHANGES_PARAMS);
        Cursor after = QueryParams.cursor(query);
        int pageSize = QueryParams.limit(query, config.api().changesDefaultLimit(), config.api().changesMaxLimit());
        ChangesPage page;
        try {
            page = store.changesAfter(after, pageSize);
        } catch (CursorExpiredException e) {
            throw new ProblemException(expired(e));
        } catch (MalformedCursorException e) {
            throw ProblemException.badRequest("'after' is not a cursor this service handed out: " + e.getMessage());
        }
        List<ChangeFeed.Item> items = new ArrayList<>(page.changes().size());
        for (Stored stored : page.changes()) {
            items.add(ChangeFeed.Item.of(stored));
        }
        return new ChangeFeed(items, page.next().text(), !page.complete());
    }

    /** The 410 for a cursor that cannot be continued; the watch stream sends the same detail. */
    public static Problem expired(CursorExpiredException e) {
        return new Problem(EXPIRED_TYPE, "Gone", 410,
                e.getMessage() + "; reload GET /absence-groups and follow the changes from its cursor");
    }
}
