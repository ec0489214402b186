package io.absencegroups.watch;

import io.absencegroups.testing.PackagedApp;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * Stops the packaged app (SIGTERM) while a watch stream is open. The stream must end cleanly with
 * a last bookmark when the shutdown delay begins, a stream asked for during the delay gets 503 and
 * Retry-After, and graceful shutdown must not wait out its timeout for the open stream.
 */
class WatchShutdownIT {

    private static final String END = "(end of stream)";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void openStreamsEndWithABookmarkWhenTheServiceStopsAndDoNotHoldUpTheShutdown() throws Exception {
        PackagedApp packaged = PackagedApp.startReady("watch-shutdown-it.log",
                "-Dquarkus.shutdown.delay=5s", "-Dquarkus.shutdown.timeout=20s");
        Process app = packaged.process();
        String base = packaged.base();
        try {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(URI.create(base + "/absence-groups/changes?initial=true"))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(stream.statusCode(), equalTo(200));
            CompletableFuture.runAsync(() -> {
                try (Stream<String> body = stream.body()) {
                    body.forEach(lines::add);
                } catch (UncheckedIOException e) {
                    lines.add("(broken: " + e.getMessage() + ")");
                }
                lines.add(END);
            });
            assertThat(eventsUntilBookmark(lines).get(0), containsString("\"initialEventsEnd\":true"));

            app.destroy(); // SIGTERM: the shutdown delay begins
            List<String> last = eventsUntilBookmark(lines);
            assertThat(last.get(0), containsString("\"initialEventsEnd\":false"));
            String next;
            while ((next = poll(lines)).isEmpty()) {
                // the blank line that ends the bookmark event
            }
            assertThat("the stream ends after its last bookmark", next, equalTo(END));

            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + "/absence-groups/changes"))
                    .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat("a stream asked for during the shutdown delay", refused.statusCode(), equalTo(503));
            assertThat(refused.headers().firstValue("Retry-After").orElse(""), equalTo("5"));
            assertThat(refused.headers().firstValue("Content-Type").orElse(""), startsWith("application/problem+json"));

            assertThat("the app stops", app.waitFor(60, TimeUnit.SECONDS), equalTo(true));
            String output = packaged.output();
            assertThat("graceful shutdown did not wait for the stream", output.contains("Timed out waiting for graceful shutdown"), equalTo(false));
            assertThat("no stack trace while stopping", output.contains("\tat "), equalTo(false));
        } finally {
            app.destroyForcibly();
        }
    }

    /** Reads lines until a bookmark event's data line; returns it (and fails on the end of the stream). */
    private static List<String> eventsUntilBookmark(BlockingQueue<String> lines) throws InterruptedException {
        boolean bookmark = false;
        List<String> data = new ArrayList<>();
        while (true) {
            String line = poll(lines);
            if (line.equals(END) || line.startsWith("(broken")) {
                throw new AssertionError("the stream ended before a bookmark: " + line);
            }
            if (line.equals("event:bookmark")) {
                bookmark = true;
            } else if (bookmark && line.startsWith("data:")) {
                data.add(line);
                return data;
            }
        }
    }

    private static String poll(BlockingQueue<String> lines) throws InterruptedException {
        String line = lines.poll(30, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("nothing from the stream within 30 s");
        }
        return line;
    }
}
