package io.absencegroups.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's baseline: an HTTP server on the same Vert.x (and Netty) as the service, that
 * does the HTTP work of each benchmarked request and nothing else. {@code bench/run.sh} starts it
 * from the packaged app's jars; every figure is a ratio against it, measured in the same run.
 * <p>
 * What it does, per request (the service's answer has the same shape and size):
 * <ul>
 *     <li>POST: reads the whole body, then answers {@code 200 {"applied":1,"ignored":0}}: no
 *     signature check, no parsing, no store;</li>
 *     <li>GET with an {@code If-None-Match} header: {@code 304} with an {@code ETag};</li>
 *     <li>GET {@code /absence-groups}: {@code 200} with the bytes of the list file given at start
 *     (the script captures the service's own answer, 500 groups), serialised once;</li>
 *     <li>GET {@code /absence-groups/…}: {@code 200} with the bytes of the group file (one group,
 *     captured the same way) and an {@code ETag};</li>
 *     <li>any other GET (the startup probe): {@code 200 {"status":"UP"}}.</li>
 * </ul>
 * It deploys one server verticle per event loop, with as many event loops as Quarkus uses by
 * default (two per available processor), so both sides spread connections alike.
 * <p>
 * Usage: {@code NoOpServer <port> [list-file] [group-file]}.
 */
public final class NoOpServer extends AbstractVerticle {

    private static final String JSON = "application/json";

    private final int port;
    private final Buffer list;
    private final Buffer group;
    private final Buffer accepted = Buffer.buffer("{\"applied\":1,\"ignored\":0}");
    private final Buffer up = Buffer.buffer("{\"status\":\"UP\"}");

    private NoOpServer(int port, Buffer list, Buffer group) {
        this.port = port;
        this.list = list;
        this.group = group;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: NoOpServer <port> [list-file] [group-file]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Buffer list = args.length > 1 ? read(args[1]) : Buffer.buffer("{\"value\":[],\"changeVersion\":\"0\"}");
        Buffer group = args.length > 2 ? read(args[2]) : Buffer.buffer("{\"id\":1,\"changeVersion\":\"1\"}");
        int eventLoops = 2 * Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        CountDownLatch started = new CountDownLatch(1);
        vertx.deployVerticle(() -> new NoOpServer(port, list, group), new DeploymentOptions().setInstances(eventLoops))
                .onSuccess(id -> started.countDown())
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
        if (!started.await(30, TimeUnit.SECONDS)) {
            System.err.println("no-op server did not start");
            System.exit(1);
        }
        System.out.println("no-op server on port " + port + " with " + eventLoops + " event loops");
    }

    private static Buffer read(String file) throws IOException {
        return Buffer.buffer(Files.readAllBytes(Path.of(file)));
    }

    @Override
    public void start(Promise<Void> startPromise) {
        vertx.createHttpServer()
                .requestHandler(this::handle)
                .listen(port, "127.0.0.1")
                .<Void>mapEmpty()
                .onComplete(startPromise);
    }

    private void handle(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        if (request.method() == HttpMethod.POST) {
            request.body().onSuccess(body -> response.putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(accepted));
            return;
        }
        if (request.getHeader(HttpHeaders.IF_NONE_MATCH) != null) {
            response.setStatusCode(304).putHeader(HttpHeaders.ETAG, "\"noop\"").end();
            return;
        }
        String path = request.path();
        if (path.equals("/absence-groups")) {
            response.putHeader(HttpHeaders.CONTENT_TYPE, JSON).putHeader(HttpHeaders.ETAG, "\"noop\"").end(list);
        } else if (path.startsWith("/absence-groups/")) {
            response.putHeader(HttpHeaders.CONTENT_TYPE, JSON).putHeader(HttpHeaders.ETAG, "\"noop\"").end(group);
        } else {
            response.putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(up);
        }
    }
}
