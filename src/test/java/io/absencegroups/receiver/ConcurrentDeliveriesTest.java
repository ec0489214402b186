package io.absencegroups.receiver;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.absencegroups.receiver.Deliveries.PATH;
import static io.absencegroups.receiver.Deliveries.SIGNATURE_HEADER;
import static io.absencegroups.receiver.Deliveries.bytes;
import static io.absencegroups.receiver.Deliveries.delete;
import static io.absencegroups.receiver.Deliveries.sign;
import static io.absencegroups.receiver.Deliveries.upsert;
import static io.absencegroups.receiver.Deliveries.version;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many clients POST the same history in a shuffled order, with redeliveries and batches: whatever
 * the interleaving, each id ends at its greatest version and no request gets a 5xx.
 */
@QuarkusTest
class ConcurrentDeliveriesTest {

    private static final long FIRST_ID = 20_000;
    private static final int IDS = 25;
    private static final int VERSIONS = 8;
    private static final int CLIENTS = 8;
    private static final Pattern ANSWER = Pattern.compile("\\{\"applied\":(\\d+),\"ignored\":(\\d+)}");

    /** One POST: its body and how many items it carries. */
    private record Delivery(String body, int items) {
    }

    private static boolean endsDeleted(long id) {
        return id % 5 == 0;
    }

    @Test
    void shuffledConcurrentDeliveriesEndInTheGreatestVersionPerId() throws Exception {
        Random random = new Random(20_250_301);
        List<String> items = new ArrayList<>();
        for (long id = FIRST_ID; id < FIRST_ID + IDS; id++) {
            for (int v = 1; v <= VERSIONS; v++) {
                String item = v == VERSIONS && endsDeleted(id) ? delete(id, v) : upsert(id, v, "v" + v);
                items.add(item);
                if (random.nextInt(3) == 0) {
                    items.add(item); // at-least-once: a redelivery
                }
            }
        }
        Collections.shuffle(items, random);
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < items.size(); ) {
            int batch = random.nextInt(4) == 0 ? Math.min(3, items.size() - i) : 1;
            List<String> slice = items.subList(i, i + batch);
            deliveries.add(new Delivery(batch == 1 ? slice.get(0) : "[" + String.join(",", slice) + "]", batch));
            i += batch;
        }

        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        URI receiver = URI.create("http://localhost:" + RestAssured.port + PATH);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        int applied = 0;
        int ignored = 0;
        try {
            List<Callable<HttpResponse<String>>> posts = new ArrayList<>();
            for (Delivery delivery : deliveries) {
                byte[] body = bytes(delivery.body());
                HttpRequest request = HttpRequest.newBuilder(receiver)
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header(SIGNATURE_HEADER, sign(body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
                posts.add(() -> client.send(request, HttpResponse.BodyHandlers.ofString()));
            }
            for (Future<HttpResponse<String>> answer : clients.invokeAll(posts)) {
                HttpResponse<String> response = answer.get();
                assertEquals(200, response.statusCode(), response.body());
                Matcher counts = ANSWER.matcher(response.body());
                assertTrue(counts.matches(), response.body());
                applied += Integer.parseInt(counts.group(1));
                ignored += Integer.parseInt(counts.group(2));
            }
        } finally {
            clients.shutdownNow();
        }

        assertEquals(items.size(), applied + ignored, "every item is either applied or ignored");
        assertTrue(applied >= IDS && applied <= IDS * VERSIONS, "applied " + applied);
        for (long id = FIRST_ID; id < FIRST_ID + IDS; id++) {
            if (endsDeleted(id)) {
                given().get("/absence-groups/" + id).then().statusCode(404);
            } else {
                given().get("/absence-groups/" + id).then().statusCode(200)
                        .body("changeVersion", is(version(VERSIONS)))
                        .body("name.default", is("v" + VERSIONS));
            }
        }
    }
}
