package io.absencegroups.watch;

import io.absencegroups.api.Problem;
import io.absencegroups.api.ProblemException;
import io.absencegroups.api.QueryParams;
import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.Cursor;
import io.absencegroups.cache.CursorExpiredException;
import io.absencegroups.cache.MalformedCursorException;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Set;

/**
 * The watch stream: the change log's tail as Server-Sent Events, on the path of the polled feed.
 * Content negotiation picks it for {@code Accept: text/event-stream}; {@link WatchParameter} turns
 * {@code ?watch=true} into that header for clients that cannot set it. The OpenAPI document shows
 * one operation for the path; {@link WatchOpenApi} adds the stream to its description. Validation runs on the event
 * loop and the stream is handed to {@link WatchStreams}; nothing here blocks.
 */
@Path("/absence-groups")
@Tag(name = "absence groups")
public class WatchResource {

    static final String LAST_EVENT_ID = "Last-Event-ID";
    private static final Set<String> PARAMS = Set.of("after", "initial", "type", "watch");

    static final String STREAM_EXAMPLE = """
            event:change
            id:5f0c2a9e41d7b3c8-1042
            data:{"changeType":"InsertOrUpdate","data":{"id":2,"changeVersion":"0000090200004BD0000A","name":{"default":"Sick","translations":{"nl":"Ziek"}},"type":"Absence"}}

            event:bookmark
            id:5f0c2a9e41d7b3c8-1042
            data:{"cursor":"5f0c2a9e41d7b3c8-1042","initialEventsEnd":true}

            event:change
            id:5f0c2a9e41d7b3c8-1043
            data:{"changeType":"Delete","data":{"id":7,"changeVersion":"0000090200004BD0000C"}}

            """;

    @Inject
    WatchStreams streams;

    @Inject
    AbsenceGroupStore store;

    @GET
    @Path("changes")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @NonBlocking
    @APIResponse(responseCode = "200", description = "The stream: events change, bookmark, expired, overflow",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                    examples = @ExampleObject(name = "initial state, then a delete", value = STREAM_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "A cursor this service did not hand out, or a malformed parameter",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "The service is stopping; reconnect after Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @Parameter(name = "after", in = ParameterIn.QUERY, description = "Start after this cursor (the list's, the feed's, or an event id); "
            + "without it and without initial, the stream starts at the oldest retained change", example = "5f0c2a9e41d7b3c8-1042")
    @Parameter(name = "initial", in = ParameterIn.QUERY, description = "true: first the current state, then a bookmark, then the changes")
    @Parameter(name = "type", in = ParameterIn.QUERY, description = "Only groups of this type (repeatable); a group that changes "
            + "to another type arrives as a Delete: it left the filtered view")
    @Parameter(name = "watch", in = ParameterIn.QUERY, description = "true selects the stream without an Accept header")
    @Parameter(name = LAST_EVENT_ID, in = ParameterIn.HEADER, description = "Resume after this event id; wins over after and initial")
    public void watch(@HeaderParam(LAST_EVENT_ID) String lastEventId, @Context UriInfo uri,
                      @Context SseEventSink sink, @Context Sse sse) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        QueryParams.allowOnly(query, PARAMS);
        flag(query, "watch");
        boolean initial = flag(query, "initial");
        Set<String> types = QueryParams.types(query);
        Cursor after = QueryParams.cursor(query);
        if (initial && after != null) {
            throw ProblemException.badRequest("give either 'after' (follow from a cursor) or 'initial=true' (the state first), not both");
        }
        if (lastEventId != null && !lastEventId.isBlank()) {
            after = resumeCursor(lastEventId);
            initial = false; // a reconnection: the consumer has the state up to its last id
        }
        if (after != null) {
            try {
                store.checked(after);
            } catch (MalformedCursorException e) {
                throw ProblemException.badRequest("the cursor is ahead of this service's change log: not one it handed out; "
                        + "start without it, or from the cursor of GET /absence-groups");
            } catch (CursorExpiredException e) {
                // the stream opens and says so in an 'expired' event, which an EventSource can read; a 410 it could not
            }
        }
        streams.open(new Watcher.Start(after, initial, types), sink, sse);
    }

    @ServerExceptionMapper
    Response stopping(StreamsStopping e) {
        Response problem = Problem.of(503, e.getMessage()).toResponse();
        return Response.fromResponse(problem).header(HttpHeaders.RETRY_AFTER, "5").build();
    }

    private static Cursor resumeCursor(String lastEventId) {
        try {
            return Cursor.parse(lastEventId.trim());
        } catch (MalformedCursorException e) {
            throw ProblemException.badRequest("'" + LAST_EVENT_ID + "' must be an event id of this service's stream, got '"
                    + QueryParams.clip(lastEventId) + "'; start without it, or from the cursor of GET /absence-groups");
        }
    }

    private static boolean flag(MultivaluedMap<String, String> query, String name) {
        String value = QueryParams.single(query, name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ProblemException.badRequest("'" + name + "' must be true or false, got '" + QueryParams.clip(value) + "'");
    }
}
