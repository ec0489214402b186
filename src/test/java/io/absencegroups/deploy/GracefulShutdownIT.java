package io.absencegroups.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.absencegroups.testing.PackagedApp;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

/**
 * Stops the packaged app (SIGTERM) while clients keep posting multi-item deliveries, as
 * Kubernetes would during a rollout. Readiness must go DOWN while requests are still served,
 * every delivery must get an answer or a clean refusal (never a 5xx), and no delivery may be
 * half-applied: its groups are all there or none.
 */
class GracefulShutdownIT {

    private static final String KEY = "test-webhook-key-not-a-secret";
    private static final int ITEMS_PER_DELIVERY = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void deliveriesInFlightAreAnsweredOrRefusedCleanlyAndNeverHalfApplied() throws Exception {
        PackagedApp packaged = PackagedApp.startReady("graceful-shutdown-it.log",
                "-Dquarkus.shutdown.delay=3s", "-Dquarkus.shutdown.timeout=10s");
        Process app = packaged.process();
        String base = packaged.base();
        try {

            AtomicInteger nextDelivery = new AtomicInteger();
            AtomicBoolean sending = new AtomicBoolean(true);
            Set<Integer> accepted = ConcurrentHashMap.newKeySet();
            Set<Integer> refused = ConcurrentHashMap.newKeySet();
            List<String> serverErrors = new ArrayList<>();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            for (int c = 0; c < 4; c++) {
                clients.submit(() -> {
                    while (sending.get()) {
                        int delivery = nextDelivery.incrementAndGet();
                        try {
                            HttpResponse<String> response = post(base, delivery);
                            if (response.statusCode() == 200) {
                                accepted.add(delivery);
                            } else if (response.statusCode() >= 500) {
                                synchronized (serverErrors) {
                                    serverErrors.add(delivery + ": " + response.statusCode() + " " + response.body());
                                }
                            } else {
                                refused.add(delivery);
                            }
                        } catch (IOException e) {
                            refused.add(delivery); // connection refused or closed: a clean refusal
                        }
                    }
                    return null;
                });
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> accepted.size() >= 50);

            app.destroy(); // SIGTERM
            await().atMost(Duration.ofSeconds(3)).until(() -> packaged.status("/q/health/ready") == 503);
            assertThat("the API still answers while readiness is DOWN", packaged.status("/absence-groups"), equalTo(200));
            Thread.sleep(500);
            sending.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS), equalTo(true));

            // still inside the shutdown delay: read what the store holds
            Set<Long> stored = new HashSet<>();
            JSON.readTree(get(base + "/absence-groups")).path("value").forEach(g -> stored.add(g.path("id").asLong()));

            assertThat(serverErrors, empty());
            List<String> halfApplied = new ArrayList<>();
            for (int delivery = 1; delivery <= nextDelivery.get(); delivery++) {
                int present = 0;
                for (long id : ids(delivery)) {
                    present += stored.contains(id) ? 1 : 0;
                }
                if (present != 0 && present != ITEMS_PER_DELIVERY) {
                    halfApplied.add("delivery " + delivery + ": " + present + " of " + ITEMS_PER_DELIVERY);
                }
                if (accepted.contains(delivery) && present != ITEMS_PER_DELIVERY) {
                    halfApplied.add("delivery " + delivery + " was answered 200 but is missing");
                }
            }
            assertThat(halfApplied, empty());
            assertThat(accepted.size(), greaterThan(50));

            assertThat("the app stops within its grace period", app.waitFor(30, TimeUnit.SECONDS), equalTo(true));
            String log = packaged.output();
            assertThat("no stack trace while stopping", log.contains("\tat "), equalTo(false));
        } finally {
            app.destroyForcibly();
        }
    }

    private static long[] ids(int delivery) {
        long[] ids = new long[ITEMS_PER_DELIVERY];
        for (int i = 0; i < ITEMS_PER_DELIVERY; i++) {
            ids[i] = 500_000L + (long) delivery * ITEMS_PER_DELIVERY + i;
        }
        return ids;
    }

    private HttpResponse<String> post(String base, int delivery) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder("[");
        for (long id : ids(delivery)) {
            if (body.length() > 1) {
                body.append(',');
            }
            body.append("{\"changeType\":\"InsertOrUpdate\",\"data\":{\"id\":").append(id)
                    .append(",\"changeVersion\":\"").append(String.format("%020X", id)).append("\",\"type\":\"Absence\"}}");
        }
        byte[] bytes = body.append(']').toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/webhooks/absence-groups"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Protime-Signature", hmacHex(bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String hmacHex(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
