package io.absencegroups.watch;

import io.absencegroups.api.AbsenceGroupsResource;
import io.absencegroups.api.Problem;
import io.absencegroups.api.ProblemException;
import io.absencegroups.api.QueryParams;
import io.absencegroups.api.ReadGate;
import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.Cursor;
import io.absencegroups.cache.CursorExpiredException;
import io.absencegroups.cache.MalformedCursorException;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The watch stream, on the path of the polled feed: {@code GET /absence-groups/changes} with
 * {@code Accept: text/event-stream} (or {@code ?watch=true}, for clients that cannot set it) is
 * answered here, on the event loop; any other GET goes on to the JSON feed
 * ({@link AbsenceGroupsResource}). A Vert.x route rather than a JAX-RS method, so a stream writes the
 * events of one turn as one write and sees its connection close; {@link WatchOpenApi} describes it.
 */
@ApplicationScoped
public class WatchRoute {

    static final String PATH = "/absence-groups/changes";
    static final String EVENT_STREAM = "text/event-stream";
    static final String LAST_EVENT_ID = "Last-Event-ID";
    private static final Set<String> PARAMS = Set.of("after", "initial", "type", "watch");
    /** Sent first, so the client has the headers at once even when nothing changes for a while. */
    private static final String OPENING = ": absence-groups-cache watch stream\n\n";

    @Inject
    WatchStreams streams;

    @Inject
    AbsenceGroupStore store;

    @Inject
    ReadGate gate;

    void init(@Observes Router router) {
        // after the HTTP security filters (authentication and the permission for /absence-groups/*,
        // which are routes of negative order), before Quarkus REST's default route, which serves the JSON feed
        router.get(PATH).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!wantsStream(request)) {
            context.next();
            return;
        }
        HttpServerResponse response = context.response();
        Watcher.Start start;
        try {
            start = start(request);
        } catch (ProblemException e) {
            answer(response, e.problem(), Map.of());
            return;
        }
        Optional<String> closed = gate.closedBecause();
        if (closed.isPresent()) {
            answer(response, ReadGate.unavailable(closed.get()), Map.of("Retry-After", Integer.toString(ReadGate.RETRY_AFTER_SECONDS)));
            return;
        }
        // the check, the headers and the opening run in one task on this event loop, which is the
        // stream's lane: the stop, a task on the same loop, comes before all of it or after
        if (streams.stopping()) {
            answer(response, Problem.of(503, "the service is stopping; reconnect in a few seconds"), Map.of("Retry-After", "5"));
            return;
        }
        response.setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, EVENT_STREAM)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .putHeader("X-Accel-Buffering", "no") // proxies that buffer responses pass this one through
                .write(OPENING);
        streams.open(start, response);
    }

    /** {@code ?watch=true}, or an Accept that prefers {@code text/event-stream} to JSON. */
    static boolean wantsStream(HttpServerRequest request) {
        if ("true".equals(request.getParam("watch"))) {
            return true;
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null) {
            return false;
        }
        double stream = 0;
        double json = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim();
                if (parameter.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (type.equals(EVENT_STREAM)) {
                stream = Math.max(stream, q);
            } else if (type.equals("application/json")) {
                json = Math.max(json, q);
            }
        }
        return stream > 0 && stream >= json;
    }

    private Watcher.Start start(HttpServerRequest request) {
        MultivaluedMap<String, String> query = new MultivaluedHashMap<>();
        request.params().forEach(query::add);
        QueryParams.allowOnly(query, PARAMS);
        flag(query, "watch");
        boolean initial = flag(query, "initial");
        Set<String> types = QueryParams.types(query);
        Cursor after = QueryParams.cursor(query);
        if (initial && after != null) {
            throw ProblemException.badRequest("give either 'after' (follow from a cursor) or 'initial=true' (the state first), not both");
        }
        String lastEventId = request.getHeader(LAST_EVENT_ID);
        if (lastEventId != null && !lastEventId.isBlank()) {
            after = resumeCursor(lastEventId);
            initial = false; // a reconnection: the consumer has the state up to its last id
        }
        if (after != null) {
            try {
                store.checked(after);
            } catch (MalformedCursorException e) {
                throw ProblemException.badRequest("'" + (lastEventId != null && !lastEventId.isBlank() ? LAST_EVENT_ID : "after")
                        + "' is ahead of this service's change log, got '" + after.text() + "': not a cursor it handed out; "
                        + "start without it, or from the cursor of GET /absence-groups");
            } catch (CursorExpiredException e) {
                // the stream opens and says so in an 'expired' event, which an EventSource can read; a 410 it could not
            }
        }
        return new Watcher.Start(after, initial, types);
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

    private static void answer(HttpServerResponse response, Problem problem, Map<String, String> headers) {
        response.setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        headers.forEach(response::putHeader);
        response.end(problem.toJson());
    }
}
