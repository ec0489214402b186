package io.absencegroups.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class WatchStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong IDS = new AtomicLong(700_000);

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URL base;

    private EventStream open(String uri, Map<String, String> headers) {
        return EventStream.open(vertx, base.getPort(), uri, headers);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }

    /** The Content-Type of a GET that sends no Accept header at all (RestAssured always sends one). */
    private String withoutAccept(String path) throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(base.toURI().resolve(path)).GET().build(), HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode(), equalTo(200));
        return response.headers().firstValue("Content-Type").orElse("");
    }

    @Test
    void initialStateThenBookmarkThenLiveChanges() {
        long a = IDS.incrementAndGet(), b = IDS.incrementAndGet();
        Changes.of().upsert(a, "Alpha").upsert(b, "Beta").deliver();

        try (EventStream stream = open("/absence-groups/changes?initial=true", Map.of())) {
            assertThat(stream.status(), equalTo(200));
            assertThat(stream.header("Content-Type"), startsWith("text/event-stream"));
            List<EventStream.Event> initial = stream.until("bookmark");
            EventStream.Event bookmark = initial.remove(initial.size() - 1);
            Set<Long> ids = new TreeSet<>();
            for (EventStream.Event event : initial) {
                assertThat(event.name(), equalTo("change"));
                ids.add(json(event.data()).path("data").path("id").asLong());
            }
            var list = given().get("/absence-groups").then().statusCode(200).extract().jsonPath();
            assertThat(ids, equalTo(new TreeSet<>(list.getList("value.id", Long.class))));
            assertThat(json(bookmark.data()).path("initialEventsEnd").asBoolean(), equalTo(true));
            assertThat(bookmark.id(), equalTo(list.getString("cursor")));

            Changes.of().upsert(a, "Alpha 2").delete(b).deliver();
            EventStream.Event renamed = stream.next();
            assertThat(renamed.name(), equalTo("change"));
            assertThat(json(renamed.data()).path("data").path("name").path("default").asText(), equalTo("Alpha 2"));
            EventStream.Event deleted = stream.next();
            assertThat(json(deleted.data()).path("changeType").asText(), equalTo("Delete"));
            assertThat(json(deleted.data()).path("data").path("id").asLong(), equalTo(b));
        }
    }

    @Test
    void theJsonFeedStaysOnTheSamePathAndWatchTrueSelectsTheStream() throws Exception {
        given().accept("application/json").get("/absence-groups/changes").then().statusCode(200).body("hasMore", equalTo(false));
        given().accept("*/*").get("/absence-groups/changes").then().statusCode(200).contentType("application/json");
        given().header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .get("/absence-groups/changes").then().statusCode(200).contentType("application/json");
        assertThat("without any Accept header", withoutAccept("/absence-groups/changes"), startsWith("application/json"));
        try (EventStream stream = open("/absence-groups/changes?watch=true&initial=true", Map.of("Accept", "application/json"))) {
            assertThat(stream.status(), equalTo(200));
            stream.until("bookmark");
        }
    }
}
