package io.absencegroups.api;

import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.ChangesPage;
import io.absencegroups.cache.Cursor;
import io.absencegroups.cache.CursorExpiredException;
import io.absencegroups.cache.MalformedCursorException;
import io.absencegroups.cache.Snapshot;
import io.absencegroups.cache.Stored;
import io.absencegroups.config.ProtimeConfig;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Set;

/**
 * The read API over the store. Every method only reads memory, so all run on the event loop.
 * Answers are bytes made ahead: each group's JSON is kept with its stored state, and the list of
 * the current log position is kept per filter and language ({@link ReadyLists}), so a poll of an
 * unchanged store writes no JSON, and a {@code 304} touches none at all.
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
    static final String BAD_ID_EXAMPLE = """
            {"type":"about:blank","title":"Bad Request","status":400,"detail":"an absence-group id is a non-negative integer, got 'abc'"}""";
    static final String BAD_LANG_EXAMPLE = """
            {"type":"about:blank","title":"Bad Request","status":400,"detail":"'lang' must be a language tag such as nl or fr-BE, got 'n_l'"}""";
    static final String NOT_FOUND_EXAMPLE = """
            {"type":"about:blank","title":"Not Found","status":404,"detail":"absence group 42 does not exist or was deleted"}""";
    static final String EXPIRED_TYPE = "urn:absence-groups-cache:cursor-expired";
    static final String GONE_EXAMPLE = """
            {"type":"urn:absence-groups-cache:cursor-expired","title":"Gone","status":410,"detail":"the cursor is from another run of the service or another store; reload GET /absence-groups and follow the changes from its cursor"}""";
    static final String BAD_CURSOR_EXAMPLE = """
            {"type":"about:blank","title":"Bad Request","status":400,"detail":"'after' must be a cursor from an earlier answer of this service, got 'zzz'; start without 'after', or from the cursor of GET /absence-groups"}""";
    static final String NOT_SYNCED_EXAMPLE = """
            {"type":"urn:absence-groups-cache:not-synced","title":"Service Unavailable","status":503,"detail":"the first full sync has not finished (subscription CREATING); the groups are served once the first full sync has finished. Retry after 5 s"}""";

    @Inject
    AbsenceGroupStore store;

    @Inject
    ProtimeConfig config;

    @Inject
    ReadGate gate;

    private final ReadyLists lists = new ReadyLists();

    @GET
    @Operation(operationId = "listAbsenceGroups", summary = "All absence groups",
            description = "Every live group, sorted by id, with the greatest changeVersion applied and the cursor the list "
                    + "was taken at: follow GET /absence-groups/changes?after=<cursor> from it and nothing is missed. "
                    + "The ETag is the cursor. Revalidate with If-None-Match: the answer is 304 while nothing changed.")
    @APIResponse(responseCode = "200", description = "The groups",
            headers = @Header(name = "ETag", description = "The cursor, quoted", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReadApiSchemas.GroupList.class),
                    examples = @ExampleObject(name = "with lang=nl", value = LIST_EXAMPLE)))
    @APIResponse(responseCode = "304", description = "Nothing changed since the ETag in If-None-Match")
    @APIResponse(responseCode = "400", description = "An unknown query parameter or a malformed value",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "bad lang", value = BAD_LANG_EXAMPLE)))
    @APIResponse(responseCode = "503", description = "The first full sync has not finished: retry after Retry-After seconds",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not synced", value = NOT_SYNCED_EXAMPLE)))
    @Parameter(name = "type", in = ParameterIn.QUERY, description = "Only groups of this type (repeatable), e.g. Absence, WorkingElsewhere",
            schema = @Schema(type = SchemaType.ARRAY, implementation = String.class), explode = org.eclipse.microprofile.openapi.annotations.enums.Explode.TRUE)
    @Parameter(name = "lang", in = ParameterIn.QUERY, description = "Adds displayName: the translation for this language, else the default name", example = "nl",
            schema = @Schema(type = SchemaType.STRING))
    public Response list(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @Context UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        QueryParams.allowOnly(query, LIST_PARAMS);
        String language = QueryParams.language(query);
        Set<String> wanted = QueryParams.types(query);
        open();

        // the cursor alone decides a 304, so a current client costs no list walk and no JSON
        Cursor now = store.cursor();
        if (ifNoneMatch != null && EntityTags.matches(ifNoneMatch, lists.etag(now))) {
            // notModified() without an argument: with one, JAX-RS quotes the already quoted tag again
            return Response.notModified().header(HttpHeaders.ETAG, lists.etag(now)).build();
        }
        ReadyLists.Variant variant = new ReadyLists.Variant(wanted, language);
        ReadyLists.Body body = lists.get(now, variant);
        if (body == null) {
            Snapshot snapshot = store.snapshot();
            body = lists.put(snapshot.cursor(), variant, ReadBodies.list(snapshot, wanted, language));
        }
        return Response.ok(body.bytes()).header(HttpHeaders.ETAG, body.etag()).build();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getAbsenceGroup", summary = "One absence group", description = "The group's ETag is its changeVersion.")
    @APIResponse(responseCode = "200", description = "The group",
            headers = @Header(name = "ETag", description = "The group's changeVersion, quoted", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReadApiSchemas.Group.class),
                    examples = @ExampleObject(name = "a group", value = GROUP_EXAMPLE)))
    @APIResponse(responseCode = "304", description = "The group still has the version in If-None-Match")
    @APIResponse(responseCode = "400", description = "The id is not a number, or a malformed or unknown query parameter",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = {@ExampleObject(name = "bad id", value = BAD_ID_EXAMPLE),
                            @ExampleObject(name = "bad lang", value = BAD_LANG_EXAMPLE)}))
    @APIResponse(responseCode = "404", description = "No such group, or it was deleted",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "unknown id", value = NOT_FOUND_EXAMPLE)))
    @APIResponse(responseCode = "503", description = "The first full sync has not finished: retry after Retry-After seconds",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not synced", value = NOT_SYNCED_EXAMPLE)))
    @Parameter(name = "lang", in = ParameterIn.QUERY, description = "Adds displayName in this language", example = "fr",
            schema = @Schema(type = SchemaType.STRING))
    public Response one(
            @Parameter(description = "The group's id", example = "2") @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @Context UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        QueryParams.allowOnly(query, ONE_PARAMS);
        long groupId = QueryParams.id(id);
        String language = QueryParams.language(query);
        open();
        if (!(store.stored(groupId).orElse(null) instanceof Stored.Live live)) {
            throw ProblemException.notFound("absence group " + groupId + " does not exist or was deleted");
        }
        String etag = EntityTags.quote(live.changeVersion().text());
        if (ifNoneMatch != null && EntityTags.matches(ifNoneMatch, etag)) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).build();
        }
        return Response.ok(ReadBodies.group(live, language)).header(HttpHeaders.ETAG, etag).build();
    }

    @GET
    @Path("changes")
    @Operation(operationId = "listAbsenceGroupChanges", summary = "Changes after a cursor",
            description = "For systems that keep their own copy: every change the service applied after the cursor 'after', "
                    + "deletes included, in the order the service applied them, one item per group (its latest state). "
                    + "Apply the items in the order given and pass the answer's cursor as 'after' next time. "
                    + "To start: GET /absence-groups, then follow from its cursor; nothing is missed between the two. "
                    + "Without 'after' the feed starts at the oldest retained change. "
                    + "A 410 means the cursor cannot be continued (another run of the service, or deletes after it were purged): "
                    + "reload GET /absence-groups and follow from its cursor.")
    @APIResponse(responseCode = "200", description = "The changes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReadApiSchemas.Feed.class),
                    examples = @ExampleObject(name = "an update and a delete", value = CHANGES_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "A cursor this service did not hand out, or a malformed limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "bad cursor", value = BAD_CURSOR_EXAMPLE)))
    @APIResponse(responseCode = "410", description = "The cursor cannot be continued: reload the list",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "expired", value = GONE_EXAMPLE)))
    @APIResponse(responseCode = "503", description = "The first full sync has not finished: retry after Retry-After seconds",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not synced", value = NOT_SYNCED_EXAMPLE)))
    @Parameter(name = "after", in = ParameterIn.QUERY, description = "A cursor from an earlier answer (the list's, or the feed's)", example = "5f0c2a9e41d7b3c8-1042",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "At most this many changes (default and maximum are settings)", example = "1000",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1"))
    public Response changes(@Context UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        QueryParams.allowOnly(query, CHANGES_PARAMS);
        Cursor after = QueryParams.cursor(query);
        int pageSize = QueryParams.limit(query, config.api().changesDefaultLimit(), config.api().changesMaxLimit());
        open();
        ChangesPage page;
        try {
            page = store.changesAfter(after, pageSize);
        } catch (CursorExpiredException e) {
            throw new ProblemException(expired(e));
        } catch (MalformedCursorException e) {
            throw ProblemException.badRequest("'after' is not a cursor this service handed out, got '" + after.text()
                    + "': " + e.getMessage() + "; start without 'after', or from the cursor of GET /absence-groups");
        }
        return Response.ok(ReadBodies.feed(page)).build();
    }

    /** The 503 before the first full sync. */
    private void open() {
        gate.closedBecause().ifPresent(why -> {
            throw ProblemException.notSynced(why);
        });
    }

    /** The 410 for a cursor that cannot be continued; the watch stream sends the same detail. */
    public static Problem expired(CursorExpiredException e) {
        return new Problem(EXPIRED_TYPE, "Gone", 410,
                e.getMessage() + "; reload GET /absence-groups and follow the changes from its cursor");
    }
}
