package io.absencegroups.simulator;

import io.quarkus.test.QuarkusDevModeTest;
import org.jboss.shrinkwrap.api.asset.FileAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole application in dev mode ({@code quarkus:dev} in-process, with the embedded simulator), reloaded
 * several times by editing a source file, each time while the subscription is ACTIVE. After every reload the
 * simulator answers, the subscription becomes ACTIVE again and the groups are served.
 * <p>
 * It failed on the code before {@link ReloadHandOver}: a request that waited for the reload (the stop-time
 * webhook delete, a status check, a delivery) went on in the old application and put old-class beans into the
 * new one, so {@code /simulator} answered 500 ({@code ClassCastException}) and the subscription stayed CREATING.
 * Runs in its own surefire execution: Quarkus does not mix dev-mode tests with {@code @QuarkusTest}s in one run.
 */
class LiveReloadDevModeTest {

    /** The simulator's failure showed in about half of the reloads. */
    private static final int RELOADS = 6;
    /** A bound on waiting, not a measure of speed: a reload took 6-30 s on the shared 2-core machine. */
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final int PORT = freePort();

    static {
        // QuarkusDevModeTest copies the sources of the application's classes from here (default: src/test/java)
        System.setProperty("quarkus.test.source-path", Path.of("src/main/java").toAbsolutePath().toString());
        // the dev profile's settings point the service at the simulator on its own port
        System.setProperty("quarkus.http.port", String.valueOf(PORT));
    }

    @RegisterExtension
    static final QuarkusDevModeTest DEV = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> {
                // the application as built: its classes and resources (application.properties, the live page)
                Path classes = Path.of("target/classes");
                try (Stream<Path> files = Files.walk(classes)) {
                    files.filter(Files::isRegularFile).forEach(file ->
                            jar.add(new FileAsset(file.toFile()), classes.relativize(file).toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void theSimulatorAndTheCopySurviveEveryReload() {
        awaitActive("at start");
        for (int reload = 1; reload <= RELOADS; reload++) {
            int n = reload;
            DEV.modifySourceFile(Refusal.class, source -> source + "\n// reload " + n + "\n");
            awaitActive("after reload " + n);
            HttpResponse<String> control = get("/simulator/control");
            assertEquals(200, control.statusCode(), "after reload " + n + ": /simulator/control " + control.body());
            HttpResponse<String> groups = get("/absence-groups");
            assertEquals(200, groups.statusCode(), "after reload " + n + ": /absence-groups " + groups.body());
            assertTrue(groups.body().contains("\"changeVersion\":\""), "after reload " + n + ": " + groups.body());
        }
    }

    /** Until the subscription is ACTIVE and the simulator answers; the first request after an edit runs the reload. */
    private void awaitActive(String when) {
        AtomicReference<String> last = new AtomicReference<>("no answer yet");
        try {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class).until(() -> {
                HttpResponse<String> status = get("/subscription");
                HttpResponse<String> control = get("/simulator/control");
                last.set("/subscription " + status.statusCode() + " " + status.body()
                        + "; /simulator/control " + control.statusCode() + " " + abbreviate(control.body()));
                return status.body().contains("\"state\":\"ACTIVE\"") && control.statusCode() == 200;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(when + ": never ACTIVE with a working simulator; last seen: " + last.get(), e);
        }
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + path))
                    .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // a reload closes the other open connections: the caller polls again
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
