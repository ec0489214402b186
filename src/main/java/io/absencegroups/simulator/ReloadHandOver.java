package io.absencegroups.simulator;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Dev mode only: a request that goes on in this application's router after the application stopped is handed
 * to the application that replaced it; every other request runs with this application's class loader.
 * <p>
 * Why: a live reload keeps the HTTP server (and Vert.x, its threads and their context class loader) and swaps
 * the router. A request that arrives while a reload runs (the app's own calls to the simulator, a delivery, a
 * browser) waits for the reload, then goes on in the router it arrived at: the old application's. Its beans are
 * created through the one ArC container there is, the new one, so an instance of an old class lands in the new
 * application's context and every later request there fails ({@code ClassCastException: SimulatedTenant cannot
 * be cast to SimulatedTenant}) until the next reload. And a request that waited runs on an event-loop thread
 * whose context class loader may still be the old application's, where config mappings are looked up
 * ({@code SRCFG00027: Could not find a mapping}).
 */
@ApplicationScoped
@IfBuildProfile("dev")
public class ReloadHandOver {

    /** Quarkus's marker for "this request already went through a reload"; the next router lets it through. */
    private static final String RELOADED = "x-quarkus-hot-deployment-done";

    private volatile boolean stopped;

    // right after the hot-replacement route (Integer.MIN_VALUE), where a request waits for a reload to finish
    void route(@Observes Router router) {
        // observers of the router run in the application's class loader, as Quarkus's recorders do
        ClassLoader application = Thread.currentThread().getContextClassLoader();
        router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> {
            if (!stopped) {
                Thread.currentThread().setContextClassLoader(application);
                ctx.next();
                return;
            }
            Handler<HttpServerRequest> current = VertxHttpRecorder.getRootHandler();
            if (current == null || ctx.request().headers().contains(RELOADED)) {
                // no newer application yet, or the request came back here from the current root: it is this one
                ctx.response().setStatusCode(503).putHeader("Retry-After", "1").end();
                return;
            }
            ctx.request().headers().set(RELOADED, "true");
            current.handle(ctx.request());
        });
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
    }
}
