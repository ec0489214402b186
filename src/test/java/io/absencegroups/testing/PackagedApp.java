package io.absencegroups.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The packaged app ({@code target/quarkus-app/quarkus-run.jar}) as a process of its own, with the
 * test profile, on a free port: for the {@code *IT} tests that stop it with a signal.
 */
public final class PackagedApp {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final String base;
    private final Path log;

    private PackagedApp(Process process, String base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /**
     * Starts the jar with {@code -Dquarkus.profile=test} and the given {@code -D} options, its output
     * in {@code target/<logName>}, and waits until it is ready. Skips the test when there is no jar
     * (a native run).
     */
    public static PackagedApp startReady(String logName, String... options) throws IOException {
        assumeTrue(Files.exists(JAR), "needs the packaged jar (not built in a native run)");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.profile=test", "-Dquarkus.http.port=" + port));
        command.addAll(List.of(options));
        command.addAll(List.of("-jar", JAR.toString()));
        Path log = Path.of("target", logName);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PackagedApp app = new PackagedApp(process, "http://localhost:" + port, log);
        await().atMost(Duration.ofSeconds(60)).until(() -> app.status("/q/health/ready") == 200);
        return app;
    }

    /** {@code http://localhost:<port>} */
    public String base() {
        return base;
    }

    public Process process() {
        return process;
    }

    /** What the app printed so far. */
    public String output() throws IOException {
        return Files.readString(log);
    }

    /** The status of a GET of {@code path}, or -1 when nothing answers. */
    public int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
