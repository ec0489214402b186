package io.absencegroups.watch;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;

/**
 * The polled feed and the watch stream share a path and a method, so the OpenAPI document has one
 * operation for both: its responses and parameters are merged from the two methods; this filter
 * adds the stream to its summary and descriptions.
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
            with the 410 problem, then the end: start again with initial=true.""";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        PathItem path = openAPI.getPaths() == null ? null : openAPI.getPaths().getPathItem(WatchParameter.PATH);
        Operation get = path == null ? null : path.getGET();
        if (get == null) {
            return;
        }
        get.setSummary("Changes after a cursor: polled (JSON) or watched (Server-Sent Events)");
        get.setDescription((get.getDescription() == null ? "" : get.getDescription()) + STREAM);
        if (get.getResponses() != null && get.getResponses().getAPIResponse("200") != null) {
            get.getResponses().getAPIResponse("200").setDescription(
                    "application/json: a page of changes. text/event-stream: the stream of events change, bookmark, expired, overflow");
        }
    }
}
