package io.absencegroups.watch;

import io.absencegroups.api.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import java.util.List;

/**
 * Describes the watch stream in the OpenAPI document. It is a Vert.x route ({@link WatchRoute}) on
 * the path and method of the polled feed, so the scanner sees only the feed's operation; this filter
 * adds the stream to it: its media type, parameters, header and answers.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class WatchOpenApi implements OASFilter {

    static final String STREAM = """
            

            **Watch** (Server-Sent Events): the same changes pushed as they happen. Ask with Accept: text/event-stream, \
            or add watch=true. Each change is an event 'change' whose id is its cursor and whose data is the feed's item. \
            With initial=true the stream first sends the current state as 'change' events, then a 'bookmark' with \
            initialEventsEnd=true, then the changes after it: nothing missed, nothing twice. Every \
            protime.watch.bookmark-interval a 'bookmark' carries the stream's cursor. Streams end (a proxy's or Knative's \
            timeout, a restart, 'overflow' for a consumer that reads too slowly): reconnect with Last-Event-ID \
            (EventSource does so itself) and nothing is missed. A cursor that cannot be continued gets an 'expired' event \
            with the 410 problem and an empty id, then the end: start again with initial=true.""";

    static final String STREAM_EXAMPLE = """
            id:5f0c2a9e41d7b3c8-1042
            event:change
            data:{"changeType":"InsertOrUpdate","data":{"id":2,"changeVersion":"0000090200004BD0000A","name":{"default":"Sick","translations":{"nl":"Ziek"}},"type":"Absence"}}

            id:5f0c2a9e41d7b3c8-1042
            event:bookmark
            data:{"cursor":"5f0c2a9e41d7b3c8-1042","initialEventsEnd":true}

            id:5f0c2a9e41d7b3c8-1043
            event:change
            data:{"changeType":"Delete","data":{"id":7,"changeVersion":"0000090200004BD0000C"}}

            """;

    private static final Schema STRING = OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        PathItem path = openAPI.getPaths() == null ? null : openAPI.getPaths().getPathItem(WatchRoute.PATH);
        Operation get = path == null ? null : path.getGET();
        if (get == null) {
            return;
        }
        get.setSummary("Changes after a cursor: polled (JSON) or watched (Server-Sent Events)");
        get.setDescription((get.getDescription() == null ? "" : get.getDescription()) + STREAM);
        get.addParameter(query("initial", "Watch: true = first the current state, then a bookmark, then the changes"));
        get.addParameter(query("type", "Watch: only groups of this type (repeatable); a group that changes to another type "
                + "arrives as a Delete: it left the filtered view"));
        get.addParameter(query("watch", "true selects the stream without an Accept header"));
        get.addParameter(OASFactory.createParameter().name(WatchRoute.LAST_EVENT_ID).in(Parameter.In.HEADER)
                .description("Watch: resume after this event id; wins over after and initial")
                .schema(STRING));
        APIResponse ok = get.getResponses().getAPIResponse("200");
        if (ok != null && ok.getContent() != null) {
            ok.setDescription("application/json: a page of changes. text/event-stream: the stream of events change, bookmark, "
                    + "expired, overflow");
            ok.getContent().addMediaType(WatchRoute.EVENT_STREAM, OASFactory.createMediaType()
                    .schema(OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                            .description("Server-Sent Events; each data line is a JSON object (a Change, or a bookmark)"))
                    .addExample("initial state, then a delete", OASFactory.createExample().value(STREAM_EXAMPLE)));
        }
        get.getResponses().addAPIResponse("503", OASFactory.createAPIResponse()
                .description("The first full sync has not finished, or (watch) the service is stopping: retry after Retry-After")
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref("Problem")))));
    }

    private static Parameter query(String name, String description) {
        return OASFactory.createParameter().name(name).in(Parameter.In.QUERY).description(description)
                .schema(STRING);
    }
}
