package io.absencegroups.watch;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real SSE client for tests, on the Vert.x HTTP client: it parses the event stream as it arrives
 * and hands out events one at a time, with a generous timeout for each. {@link #pause()} stops
 * reading the socket, which makes it the slowest consumer there is.
 */
final class EventStream implements AutoCloseable {

    /** One event as it came over the wire; {@code id} is null when the event had no id field. */
    record Event(String name, String id, String data) {
    }

    private static final Event END = new Event("(end of stream)", null, null);
    static final Duration WAIT = Duration.ofSeconds(20);

    private final HttpClient client;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final StringBuilder pending = new StringBuilder();
    private final CompletableFuture<HttpClientResponse> response = new CompletableFuture<>();
    private final CompletableFuture<String> body = new CompletableFuture<>();
    private volatile boolean ended;
    private String name;
    private String id;
    private final List<String> data = new ArrayList<>();

    private EventStream(HttpClient client) {
        this.client = client;
    }

    /** GETs {@code uri} (path and query) with {@code Accept: text/event-stream} unless {@code headers} say otherwise. */
    static EventStream open(Vertx vertx, int port, String uri, Map<String, String> headers) {
        return open(vertx, port, uri, headers, new HttpClientOptions());
    }

    static EventStream open(Vertx vertx, int port, String uri, Map<String, String> headers, HttpClientOptions options) {
        EventStream stream = new EventStream(vertx.createHttpClient(options.setDefaultHost("localhost").setDefaultPort(port)));
        MultiMap all = MultiMap.caseInsensitiveMultiMap().add("Accept", "text/event-stream").addAll(headers);
        // Asked from an event loop, so the request, its answer and the handlers set on the answer share
        // that loop's thread: the handlers are in place before the first byte of the body is read.
        // Asked from the test's thread, a stream the server answers and ends at once (an 'expired') could
        // be read before the handlers were set, and its events and its end were lost.
        vertx.getOrCreateContext().runOnContext(ignored ->
                stream.client.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(uri).setHeaders(all))
                        .compose(request -> request.send())
                        .onSuccess(stream::receive)
                        .onFailure(failure -> {
                            stream.response.completeExceptionally(failure);
                            stream.end();
                        }));
        return stream;
    }

    private void receive(HttpClientResponse answer) {
        response.complete(answer);
        if (answer.statusCode() != 200) {
            answer.body().onSuccess(b -> body.complete(b.toString(StandardCharsets.UTF_8)));
            end();
            return;
        }
        answer.handler(this::chunk);
        answer.endHandler(ignored -> end());
        answer.exceptionHandler(ignored -> end());
    }

    private synchronized void chunk(Buffer buffer) {
        pending.append(buffer.toString(StandardCharsets.UTF_8));
        int newline;
        while ((newline = pending.indexOf("\n")) >= 0) {
            String line = pending.substring(0, newline);
            pending.delete(0, newline + 1);
            line(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
    }

    private void line(String line) {
        if (line.isEmpty()) {
            if (name != null || !data.isEmpty()) {
                events.add(new Event(name == null ? "message" : name, id, String.join("\n", data)));
            }
            name = null;
            id = null;
            data.clear();
            return;
        }
        if (line.startsWith(":")) {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> name = value;
            case "id" -> id = value;
            case "data" -> data.add(value);
            default -> {
                // retry and unknown fields: nothing a test reads
            }
        }
    }

    private void end() {
        ended = true;
        events.add(END);
    }

    /** The response status (waits for the headers). */
    int status() {
        return answer().statusCode();
    }

    String header(String name) {
        return answer().getHeader(name);
    }

    /** The body of a non-200 answer. */
    String errorBody() {
        return body.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    private HttpClientResponse answer() {
        return response.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** The next event; fails when none arrives within {@link #WAIT} or the stream ended. */
    Event next() {
        Event event = poll(WAIT);
        if (event == null) {
            throw new AssertionError("no event within " + WAIT);
        }
        if (event == END) {
            events.add(END);
            throw new AssertionError("the stream ended");
        }
        return event;
    }

    /** The next event, or null when none arrives within {@code wait}; END stays visible to {@link #ended()}. */
    Event poll(Duration wait) {
        try {
            return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Events until (and with) the first one named {@code name}. */
    List<Event> until(String name) {
        List<Event> seen = new ArrayList<>();
        Event event;
        do {
            event = next();
            seen.add(event);
        } while (!event.name().equals(name));
        return seen;
    }

    /** True once the server ended the stream and every event before the end was taken. */
    boolean endsWithin(Duration wait) {
        Event event = poll(wait);
        if (event == END) {
            return true;
        }
        if (event != null) {
            throw new AssertionError("expected the end of the stream, got " + event);
        }
        return false;
    }

    boolean ended() {
        return ended;
    }

    /** Stops reading the socket: the server's writes pile up in the network buffers, then in its own. */
    void pause() {
        answer().pause();
    }

    void resume() {
        answer().resume();
    }

    @Override
    public void close() {
        client.close();
    }
}
