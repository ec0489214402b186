package io.absencegroups.testing;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The Redis that tests use: {@code -Dtest.redis.url} or {@code TEST_REDIS_URL}, else the machine's
 * server on 127.0.0.1:6379 ({@code .ci/run} starts one when none answers). A test that needs Redis
 * and finds none fails with this message; it is never skipped. Every test works under a key prefix
 * of its own and deletes its keys afterwards, so runs never see each other's data.
 */
public final class TestRedis {

    public static final String URL = url();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestRedis() {
    }

    private static String url() {
        String configured = System.getProperty("test.redis.url", System.getenv("TEST_REDIS_URL"));
        return configured != null && !configured.isBlank() ? configured : "redis://127.0.0.1:6379";
    }

    /** A prefix no other test run uses. */
    public static String uniquePrefix() {
        return "agc-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A client on the test Redis; fails loudly when Redis does not answer. */
    public static Redis client(Vertx vertx, String url) {
        Redis redis = Redis.createClient(vertx, url);
        try {
            redis.send(Request.cmd(Command.PING)).await().atMost(WAIT);
        } catch (RuntimeException e) {
            throw new AssertionError("this test needs a Redis server at " + url + " and none answered ("
                    + e.getMessage() + "); start one (redis-server) or set -Dtest.redis.url", e);
        }
        return redis;
    }

    /** Deletes every key under the prefix, with a client of its own (for an {@code @AfterAll}). */
    public static void deleteAll(String url, String prefix) {
        Vertx vertx = Vertx.vertx();
        try {
            deleteAll(client(vertx, url), prefix);
        } finally {
            vertx.closeAndAwait();
        }
    }

    /** Deletes every key under the prefix. */
    public static void deleteAll(Redis redis, String prefix) {
        String cursor = "0";
        do {
            Response page = redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(prefix + ":*").arg("COUNT").arg(1000))
                    .await().atMost(WAIT);
            cursor = page.get(0).toString();
            List<String> keys = new ArrayList<>();
            page.get(1).forEach(key -> keys.add(key.toString()));
            if (!keys.isEmpty()) {
                Request del = Request.cmd(Command.DEL);
                keys.forEach(del::arg);
                redis.send(del).await().atMost(WAIT);
            }
        } while (!"0".equals(cursor));
    }

    /**
     * A Redis server of the test's own on a free loopback port, for tests that stop and start it.
     * It keeps its data in an append-only file, so a restart loses nothing.
     */
    public static final class OwnServer implements AutoCloseable {
        private final int port;
        private final Path dir;
        private Process process;

        public OwnServer() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            dir = Files.createTempDirectory("agc-redis");
        }

        public String url() {
            return "redis://127.0.0.1:" + port;
        }

        public void start() throws IOException, InterruptedException {
            process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", dir.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                    return;
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            throw new AssertionError("redis-server did not start on port " + port + ": see " + dir.resolve("server.log"));
        }

        public void stop() throws InterruptedException {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
                process = null;
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
