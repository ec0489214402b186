package io.absencegroups.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.absencegroups.testing.PrometheusMetrics;
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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;
import static org.awaitility.Awaitility.await;

/**
 * The watch stream over real HTTP, with a real SSE client, fed by signed deliveries through the
 * receiver. Tests share one running app, so each works on ids of its own and starts its streams
 * from the current cursor unless it tests the initial state.
 */
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

    static JsonNode json(String text) {
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
    void resumingWithLastEventIdAfterADisconnectMissesNothingAndRepeatsNothing() {
        long a = IDS.incrementAndGet(), b = IDS.incrementAndGet(), c = IDS.incrementAndGet();
        String listed = listCursor();
        String lastSeen;
        try (EventStream stream = open("/absence-groups/changes?after=" + listed, Map.of())) {
            Changes.of().upsert(a, "A1").upsert(b, "B1").deliver();
            assertThat(changeOf(stream.next()), equalTo("upsert " + a + " A1"));
            EventStream.Event second = stream.next();
            assertThat(changeOf(second), equalTo("upsert " + b + " B1"));
            lastSeen = second.id();
        }
        // while disconnected
        Changes.of().upsert(c, "C1").delete(a).upsert(b, "B2").deliver();
        // EventSource reconnects with its first URL and the id of the last event it saw; the header wins
        try (EventStream stream = open("/absence-groups/changes?after=" + listed, Map.of("Last-Event-ID", lastSeen))) {
            assertThat(changeOf(stream.next()), equalTo("upsert " + c + " C1"));
            assertThat(changeOf(stream.next()), equalTo("delete " + a));
            EventStream.Event last = stream.next();
            assertThat(changeOf(last), equalTo("upsert " + b + " B2"));
            assertThat(last.id(), equalTo(listCursor()));
            assertThat("nothing more", stream.poll(java.time.Duration.ofMillis(300)), equalTo(null));
        }
    }

    @Test
    void aCursorOfAnotherRunGetsAnExpiredEventWithTheProblemAndTheStreamEnds() {
        try (EventStream stream = open("/absence-groups/changes?after=0123456789abcdef-1", Map.of())) {
            assertThat(stream.status(), equalTo(200));
            EventStream.Event expired = stream.next();
            assertThat(expired.name(), equalTo("expired"));
            assertThat(expired.id(), equalTo(""));
            JsonNode problem = json(expired.data());
            assertThat(problem.path("type").asText(), equalTo("urn:absence-groups-cache:cursor-expired"));
            assertThat(problem.path("status").asInt(), equalTo(410));
            assertThat(problem.path("detail").asText(), containsString("another run of the service"));
            assertThat(stream.endsWithin(EventStream.WAIT), equalTo(true));
        }
    }

    @Test
    void typeFilterSendsOnlyThatTypeAndAGroupThatLeavesTheTypeAsADelete() {
        long home = IDS.incrementAndGet(), sick = IDS.incrementAndGet(), moving = IDS.incrementAndGet();
        Changes.of().upsert(home, "Home", "WorkingElsewhere").upsert(sick, "Sick", "Absence")
                .upsert(moving, "Client site", "WorkingElsewhere").deliver();
        try (EventStream stream = open("/absence-groups/changes?initial=true&type=WorkingElsewhere", Map.of())) {
            List<EventStream.Event> initial = stream.until("bookmark");
            for (EventStream.Event event : initial.subList(0, initial.size() - 1)) {
                assertThat(json(event.data()).path("data").path("type").asText(), equalTo("WorkingElsewhere"));
            }
            List<String> ours = initial.stream().filter(e -> e.name().equals("change")).map(WatchStreamTest::changeOf)
                    .filter(change -> change.contains(" " + home + " ") || change.contains(" " + moving + " ")
                            || change.contains(" " + sick + " "))
                    .toList();
            assertThat(ours, equalTo(List.of("upsert " + home + " Home", "upsert " + moving + " Client site")));

            Changes.of().upsert(sick, "Sick 2", "Absence").upsert(moving, "Client site", "Absence")
                    .upsert(home, "Home 2", "WorkingElsewhere").deliver();
            // the Absence group that was never in view arrives as a Delete too: the stream keeps no per-consumer state
            assertThat(changeOf(stream.next()), equalTo("delete " + sick));
            assertThat(changeOf(stream.next()), equalTo("delete " + moving));
            assertThat(changeOf(stream.next()), equalTo("upsert " + home + " Home 2"));
        }
    }

    @Test
    void malformedRequestsAre400ProblemsBeforeAnyStream() {
        assertBadRequest(given().accept("text/event-stream").queryParam("after", "zzz"), "'after' must be a cursor");
        assertBadRequest(given().accept("text/event-stream").header("Last-Event-ID", "nonsense"), "'Last-Event-ID' must be an event id");
        assertBadRequest(given().accept("text/event-stream").queryParam("initial", "yes"), "'initial' must be true or false");
        assertBadRequest(given().accept("text/event-stream").queryParam("initial", "true").queryParam("after", listCursor()),
                "either 'after'");
        assertBadRequest(given().accept("text/event-stream").queryParam("typ", "Absence"), "unknown query parameter");
        String epoch = listCursor().substring(0, 16);
        assertBadRequest(given().accept("text/event-stream").queryParam("after", epoch + "-999999999"), "ahead of this service's change log");
        assertBadRequest(given().queryParam("watch", "true").queryParam("type", "Absence;drop"), "'type' must be");
    }

    private static void assertBadRequest(io.restassured.specification.RequestSpecification request, String detail) {
        request.get("/absence-groups/changes").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString(detail));
    }

    @Test
    void metricsCountOpenStreamsEventsAndClosesByReason() {
        double changes = PrometheusMetrics.value("absencegroups_watch_events_total", "event=\"change\"");
        double clientCloses = PrometheusMetrics.value("absencegroups_watch_closes_total", "reason=\"client\"");
        long id = IDS.incrementAndGet();
        try (EventStream stream = open("/absence-groups/changes?after=" + listCursor(), Map.of())) {
            assertThat(stream.status(), equalTo(200));
            await().atMost(EventStream.WAIT).until(() -> PrometheusMetrics.value("absencegroups_watch_streams") >= 1);
            Changes.of().upsert(id, "Counted").deliver();
            stream.next();
            assertThat(PrometheusMetrics.value("absencegroups_watch_events_total", "event=\"change\""), greaterThan(changes));
        }
        await().atMost(EventStream.WAIT).until(() ->
                PrometheusMetrics.value("absencegroups_watch_closes_total", "reason=\"client\"") > clientCloses);
    }

    @Test
    void openApiDescribesTheStreamBesideTheFeed() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/absence-groups/changes'.get.responses.'200'.content", hasKey("text/event-stream"))
                .body("paths.'/absence-groups/changes'.get.responses.'200'.content", hasKey("application/json"))
                .body("paths.'/absence-groups/changes'.get.summary", containsString("watched (Server-Sent Events)"))
                .body("paths.'/absence-groups/changes'.get.description", containsString("For systems that keep their own copy"))
                .body("paths.'/absence-groups/changes'.get.description", containsString("Last-Event-ID"))
                .body(containsString("initialEventsEnd"));
    }

    private static String listCursor() {
        return Changes.cursor();
    }

    /** "upsert &lt;id&gt; &lt;name&gt;" or "delete &lt;id&gt;" of a change event. */
    static String changeOf(EventStream.Event event) {
        assertThat(event.name(), equalTo("change"));
        JsonNode item = json(event.data());
        long id = item.path("data").path("id").asLong();
        return item.path("changeType").asText().equals("Delete") ? "delete " + id
                : "upsert " + id + " " + item.path("data").path("name").path("default").asText();
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
