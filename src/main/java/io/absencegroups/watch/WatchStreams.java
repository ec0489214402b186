package io.absencegroups.watch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.absencegroups.cache.AbsenceGroupStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open watch streams: one {@link Lane} per event loop, the periodic bookmarks, the metrics, and
 * the end of every stream when the service stops.
 * <p>
 * Streams end at the start of the shutdown delay, while the service still answers: an open stream
 * is a request in flight, and Quarkus's graceful shutdown would otherwise wait for it until
 * {@code quarkus.shutdown.timeout}. A stream asked for after that gets 503 and a Retry-After
 * ({@link WatchRoute}).
 */
@ApplicationScoped
public class WatchStreams implements Watcher.Listener {

    private static final Logger LOG = Logger.getLogger(WatchStreams.class);

    @Inject
    AbsenceGroupStore store;

    @Inject
    WatchConfig config;

    @Inject
    ObjectMapper mapper;

    @Inject
    MeterRegistry registry;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.http.idle-timeout", defaultValue = "30m")
    Duration idleTimeout;

    private final Map<Thread, Loop> loops = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    /** Set once, by the first of the two stop events, before any lane is told to stop. */
    private volatile boolean stopping;
    private WatchMetrics metrics;
    private long bookmarkTimer = -1;

    /** The lane of one event loop and the JSON its watchers share. */
    private record Loop(Lane lane, EventText text) {
    }

    void start(@Observes StartupEvent event) {
        metrics = new WatchMetrics(registry, open::get);
        long every = config.bookmarkInterval().toMillis();
        if (every < 1) {
            throw new IllegalStateException("protime.watch.bookmark-interval must be at least 1ms");
        }
        if (config.bookmarkInterval().compareTo(idleTimeout) >= 0) {
            LOG.warnf("protime.watch.bookmark-interval (%s) is not below quarkus.http.idle-timeout (%s): idle watch "
                    + "streams will be cut before their bookmark", config.bookmarkInterval(), idleTimeout);
        }
        bookmarkTimer = vertx.setPeriodic(every, id -> loops.values().forEach(loop -> loop.lane().execute(loop.lane()::bookmarkAll)));
    }

    /** True once the service has begun to stop: new streams are refused. */
    boolean stopping() {
        return stopping;
    }

    /** Opens a stream on the calling event loop's lane; the response's headers are out. */
    void open(Watcher.Start start, HttpServerResponse response) {
        Context context = Vertx.currentContext();
        if (context == null || !Context.isOnEventLoopThread()) {
            throw new IllegalStateException("a watch stream must be opened on its connection's event loop");
        }
        Loop loop = loops.computeIfAbsent(Thread.currentThread(),
                thread -> new Loop(new Lane(store.log(), task -> context.runOnContext(ignored -> task.run())),
                        new EventText(mapper)));
        Watcher watcher = new Watcher(store, start, config.maxBufferedEvents(),
                new ResponseConnection(response, loop.text()), loop.lane(), this);
        response.closeHandler(closed -> loop.lane().execute(watcher::disconnected));
        response.exceptionHandler(failure -> {
            // a reset connection: the close handler ends the watcher
        });
        open.incrementAndGet();
        loop.lane().add(watcher);
        if (stopping) {
            // the stop began while this opened and its lane was new: the stop did not see it
            watcher.stop();
        }
    }

    @Override
    public void sent(WatchEvent.Kind kind) {
        metrics.sent(kind);
    }

    @Override
    public void closed(Watcher watcher, CloseReason reason) {
        open.decrementAndGet();
        metrics.closed(reason);
    }

    void stopping(@Observes ShutdownDelayInitiatedEvent event) {
        stopAll();
    }

    void stopped(@Observes ShutdownEvent event) {
        stopAll();
    }

    private void stopAll() {
        if (stopping) {
            return;
        }
        stopping = true;
        if (bookmarkTimer >= 0) {
            vertx.cancelTimer(bookmarkTimer);
            bookmarkTimer = -1;
        }
        CountDownLatch done = new CountDownLatch(loops.size());
        for (Loop loop : loops.values()) {
            loop.lane().execute(() -> {
                loop.lane().stopAll();
                done.countDown();
            });
        }
        try {
            if (!done.await(2, TimeUnit.SECONDS)) {
                LOG.warn("some watch streams did not end within 2 s of the stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
