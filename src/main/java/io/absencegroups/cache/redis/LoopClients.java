package io.absencegroups.cache.redis;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Redis client of its own for each Vert.x event loop, made on that loop, for the apply script.
 * <p>
 * Why: a Vert.x Redis client makes all its connections on the one event loop it was created on,
 * whichever loop asks, and hands each answer back to the asking loop. With the application's one
 * client, a delivery taken on the other loop crossed threads twice per script call, and the two
 * loops woke each other on a single CPU (the profile is in docs/redis.md). A client made on the
 * loop keeps a delivery on its thread from the request to the answer.
 * <p>
 * Each client is made on its loop's root context, not on the asking request's: its connections'
 * handlers must not run in one request's context for ever after. It has the application client's
 * options (hosts, password, TLS), so it reaches the same Redis the same way.
 */
final class LoopClients {

    private final Vertx vertx;
    private final RedisOptions options;
    private final ConcurrentMap<Thread, CompletableFuture<Redis>> clients = new ConcurrentHashMap<>();
    private final AtomicInteger numbers = new AtomicInteger();
    private volatile boolean closed;

    LoopClients(Vertx vertx, RedisOptions options) {
        this.vertx = vertx;
        this.options = new RedisOptions(options);
    }

    /** Whether the caller runs on an event loop, so {@link #onThisLoop()} has a client for it. */
    static boolean onEventLoop() {
        return Context.isOnEventLoopThread() && io.vertx.core.Vertx.currentContext() != null;
    }

    /** The calling event loop's client, made on first use. Call only where {@link #onEventLoop()}. */
    Uni<Redis> onThisLoop() {
        if (closed) {
            return Uni.createFrom().failure(new IllegalStateException("the shared store is stopping"));
        }
        CompletableFuture<Redis> client = clients.computeIfAbsent(Thread.currentThread(), loop -> create());
        return Uni.createFrom().completionStage(client);
    }

    private CompletableFuture<Redis> create() {
        CompletableFuture<Redis> made = new CompletableFuture<>();
        Context root = VertxContext.getRootContext(io.vertx.core.Vertx.currentContext());
        root.runOnContext(ignored -> {
            if (closed) {
                made.completeExceptionally(new IllegalStateException("the shared store is stopping"));
                return;
            }
            try {
                // a pool name of its own, so that its pool's metrics (redis_pool_*) show apart from the application client's
                String pool = (options.getPoolName() == null ? "redis" : options.getPoolName()) + "-loop-" + numbers.incrementAndGet();
                made.complete(Redis.createClient(vertx, new RedisOptions(options).setPoolName(pool)));
            } catch (RuntimeException e) {
                made.completeExceptionally(e);
            }
        });
        return made;
    }

    /** Event loops that have a client: for tests. */
    int size() {
        return clients.size();
    }

    void close() {
        closed = true;
        List<CompletableFuture<Redis>> all = new ArrayList<>(clients.values());
        clients.clear();
        all.forEach(client -> client.thenAccept(Redis::close));
    }
}
