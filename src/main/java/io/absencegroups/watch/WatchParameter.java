package io.absencegroups.watch;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code ?watch=true} selects the watch stream for clients that cannot set {@code Accept} (a link, a
 * plain HTTP tool): it becomes {@code Accept: text/event-stream} before content negotiation picks
 * between the polled feed and the stream.
 */
@ApplicationScoped
public class WatchParameter {

    static final String PATH = "/absence-groups/changes";

    void register(@Observes Filters filters) {
        filters.register(context -> {
            if (PATH.equals(context.normalizedPath()) && "true".equals(context.request().getParam("watch"))) {
                context.request().headers().set(HttpHeaders.ACCEPT, MediaType.SERVER_SENT_EVENTS);
            }
            context.next();
        }, 100);
    }
}
