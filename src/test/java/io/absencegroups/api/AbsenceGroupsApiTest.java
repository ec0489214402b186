package io.absencegroups.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.absencegroups.cache.AbsenceGroup;
import io.absencegroups.cache.Change;
import io.absencegroups.cache.ChangeVersion;
import io.absencegroups.json.GroupJsonModule;
import io.absencegroups.receiver.Deliveries;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * The read API over HTTP. The store is filled through the receiver with the test profile's
 * static key, so {@link AbsenceGroupsApiIT} runs the same tests against the packaged app.
 * Tests share one running app, so each works on its own ids, with versions above whatever
 * the store already holds, and asserts on those.
 */
@QuarkusTest
public class AbsenceGroupsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new GroupJsonModule());
    private static final AtomicLong IDS = new AtomicLong(100);
    private static BigInteger lastVersion = BigInteger.ZERO;

    /** Delivers the changes in one signed POST, as myProtime would. */
    protected static void apply(Change... changes) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Change change : changes) {
            items.add(Map.of(
                    "changeType", change instanceof Change.Delete ? "Delete" : "InsertOrUpdate",
                    "data", change instanceof Change.InsertOrUpdate upsert
                            ? upsert.group()
                            : Map.of("id", change.id(), "changeVersion", change.changeVersion())));
        }
        try {
            Deliveries.post(JSON.writeValueAsString(items)).then().statusCode(200);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A version greater than anything applied so far, by this test or any other. */
    static ChangeVersion nextVersion() {
        String hwm = given().get("/absence-groups").then().statusCode(200).extract().path("changeVersion");
        BigInteger current = hwm == null ? BigInteger.ZERO : new BigInteger(hwm, 16);
        lastVersion = lastVersion.max(current).add(BigInteger.ONE);
        return ChangeVersion.parse(String.format("%020X", lastVersion));
    }

    private static long nextId() {
        return IDS.incrementAndGet();
    }

    static Change upsert(long id, String name, String type) {
        return new Change.InsertOrUpdate(new AbsenceGroup(id, nextVersion(),
                new AbsenceGroup.Name(name, Map.of("nl", name + " (nl)")), type));
    }

    static Change delete(long id) {
        return new Change.Delete(id, nextVersion());
    }

    private static String etagOfList() {
        return given().get("/absence-groups").then().statusCode(200).extract().header("ETag");
    }

    @Test
    void listIsSortedByIdAndCarriesTheHighWaterMark() {
        long a = nextId(), b = nextId(), c = nextId();
        apply(upsert(c, "Sick", "Absence"), upsert(a, "Holiday", "Absence"), upsert(b, "Home office", "WorkingElsewhere"));

        Response response = given().accept(ContentType.JSON).get("/absence-groups");
        response.then().statusCode(200).contentType(ContentType.JSON)
                .header("ETag", startsWith("\""))
                .body("changeVersion", equalTo(String.format("%020X", lastVersion)));
        List<Long> ids = response.jsonPath().getList("value.id", Long.class);
        assertThat(ids.stream().sorted().toList(), equalTo(ids));
        assertThat(ids.stream().filter(id -> id == a || id == b || id == c).toList(), contains(a, b, c));
        Map<String, Object> holiday = response.jsonPath().getMap("value.find { it.id == " + a + " }");
        assertThat(holiday.get("type"), equalTo("Absence"));
        assertThat(((Map<?, ?>) holiday.get("name")).get("default"), equalTo("Holiday"));
        assertThat(holiday.containsKey("displayName"), equalTo(false));
    }

    @Test
    void typeFilterKeepsOnlyThatType() {
        long absence = nextId(), elsewhere = nextId();
        apply(upsert(absence, "Sick", "Absence"), upsert(elsewhere, "Client site", "WorkingElsewhere"));

        Response response = given().queryParam("type", "WorkingElsewhere").get("/absence-groups");
        response.then().statusCode(200).body("value.type", everyItem(equalTo("WorkingElsewhere")));
        List<Long> ids = response.jsonPath().getList("value.id", Long.class);
        assertThat(ids, hasItem(elsewhere));
        assertThat(ids, not(hasItem(absence)));

        given().queryParam("type", "Absence").queryParam("type", "WorkingElsewhere").get("/absence-groups")
                .then().statusCode(200).body("value.id", hasItem((int) absence)).body("value.id", hasItem((int) elsewhere));
    }

    @Test
    void langAddsTheTranslatedDisplayNameOrTheDefault() {
        long id = nextId();
        apply(upsert(id, "Sick", "Absence")); // Groups gives an nl translation only
        given().queryParam("lang", "nl").get("/absence-groups").then().statusCode(200)
                .body("value.find { it.id == " + id + " }.displayName", equalTo("Sick (nl)"));
        given().queryParam("lang", "nl-BE").get("/absence-groups/" + id).then().statusCode(200)
                .body("displayName", equalTo("Sick (nl)"));
        given().queryParam("lang", "fr").get("/absence-groups/" + id).then().statusCode(200)
                .body("displayName", equalTo("Sick"));
    }

    @Test
    void aGroupWithoutATypeIsLeftOutOfATypeFilter() {
        long id = nextId();
        apply(new Change.InsertOrUpdate(new AbsenceGroup(id, nextVersion(), new AbsenceGroup.Name("No type", Map.of()), null)));
        given().queryParam("type", "Absence").get("/absence-groups").then().statusCode(200)
                .body("value.id", not(hasItem((int) id)));
        given().get("/absence-groups").then().statusCode(200).body("value.id", hasItem((int) id));
    }

    @Test
    void readyMadeAnswersFollowEveryChange() {
        long id = nextId();
        apply(upsert(id, "Before", "Absence"));
        for (int poll = 0; poll < 2; poll++) { // the second poll is served from the kept bytes
            given().queryParam("lang", "nl").get("/absence-groups").then().statusCode(200)
                    .body("value.find { it.id == " + id + " }.displayName", equalTo("Before (nl)"));
            given().queryParam("type", "Absence").get("/absence-groups").then().statusCode(200)
                    .body("value.find { it.id == " + id + " }.name.default", equalTo("Before"));
            given().get("/absence-groups/" + id).then().statusCode(200).body("name.default", equalTo("Before"));
            given().queryParam("lang", "nl").get("/absence-groups/" + id).then().statusCode(200).body("displayName", equalTo("Before (nl)"));
        }
        apply(upsert(id, "After", "WorkingElsewhere"));
        given().queryParam("lang", "nl").get("/absence-groups").then().statusCode(200)
                .body("value.find { it.id == " + id + " }.displayName", equalTo("After (nl)"));
        given().queryParam("type", "Absence").get("/absence-groups").then().statusCode(200).body("value.id", not(hasItem((int) id)));
        given().get("/absence-groups/" + id).then().statusCode(200).body("name.default", equalTo("After"));
        given().queryParam("lang", "nl").get("/absence-groups/" + id).then().statusCode(200).body("displayName", equalTo("After (nl)"));
        apply(delete(id));
        given().queryParam("lang", "nl").get("/absence-groups").then().statusCode(200).body("value.id", not(hasItem((int) id)));
        given().get("/absence-groups/" + id).then().statusCode(404);
    }

    @Test
    void withTheSubscriptionOffTheReadsServeWithoutASync() {
        given().get("/subscription").then().statusCode(200).body("state", equalTo("OFF"));
        given().get("/absence-groups").then().statusCode(200).header("Retry-After", nullValue());
        given().get("/absence-groups/changes").then().statusCode(200);
        given().get("/absence-groups/987654321").then().statusCode(404);
    }

    @Test
    void unchangedListAnswers304AndAnyChangeGivesANewEtag() {
        apply(upsert(nextId(), "A", "Absence"));
        String etag = etagOfList();
        Response notModified = given().header("If-None-Match", etag).get("/absence-groups");
        notModified.then().statusCode(304);
        assertThat("a 304 carries the one ETag of the 200", notModified.headers().getValues("ETag"), equalTo(List.of(etag)));
        given().header("If-None-Match", "W/" + etag).get("/absence-groups").then().statusCode(304);
        given().header("If-None-Match", "\"other\", " + etag).get("/absence-groups").then().statusCode(304);

        // an out-of-order delivery for a new id: the high-water mark stays, the list changes
        apply(new Change.InsertOrUpdate(new AbsenceGroup(nextId(), ChangeVersion.parse("01"),
                new AbsenceGroup.Name("late", Map.of()), "Absence")));
        String next = etagOfList();
        assertThat(next, not(equalTo(etag)));
        given().header("If-None-Match", etag).get("/absence-groups").then().statusCode(200);
        given().header("If-None-Match", next).get("/absence-groups").then().statusCode(304);
    }

    @Test
    void oneGroupWithItsVersionAsEtag() {
        long id = nextId();
        Change change = upsert(id, "Training", "Absence");
        apply(change);
        String etag = "\"" + change.changeVersion().text() + "\"";
        given().get("/absence-groups/" + id).then().statusCode(200).contentType(ContentType.JSON)
                .header("ETag", equalTo(etag))
                .body("id", equalTo((int) id))
                .body("changeVersion", equalTo(change.changeVersion().text()))
                .body("name.default", equalTo("Training"))
                .body("name.translations.nl", equalTo("Training (nl)"));
        Response notModified = given().header("If-None-Match", etag).get("/absence-groups/" + id);
        notModified.then().statusCode(304);
        assertThat("a 304 carries the one ETag of the 200", notModified.headers().getValues("ETag"), equalTo(List.of(etag)));
    }

    @Test
    void unknownAndDeletedGroupsAre404() {
        long id = nextId();
        apply(upsert(id, "Gone soon", "Absence"), delete(id));
        for (long missing : new long[] {id, 987654321L}) {
            given().get("/absence-groups/" + missing).then().statusCode(404)
                    .contentType("application/problem+json")
                    .body("status", equalTo(404))
                    .body("detail", containsString("does not exist or was deleted"));
        }
        given().get("/absence-groups").then().body("value.id", not(hasItem((int) id)));
    }

    /** The cursor of the list as it is now: where a new follower starts. */
    static String listCursor() {
        return given().get("/absence-groups").then().statusCode(200).extract().path("cursor");
    }

    @Test
    void listCarriesItsCursorAndTheEtagIsTheCursor() {
        apply(upsert(nextId(), "Cursor", "Absence"));
        Response response = given().get("/absence-groups");
        String cursor = response.jsonPath().getString("cursor");
        assertThat(cursor, notNullValue());
        assertThat(response.header("ETag"), equalTo("\"" + cursor + "\""));
    }

    @Test
    void changesFeedIsInArrivalOrderWithDeletes() {
        String start = listCursor();
        long a = nextId(), b = nextId();
        apply(upsert(a, "First", "Absence"), upsert(b, "Second", "Absence"));
        Change deleteA = delete(a);
        apply(deleteA);

        Response response = given().queryParam("after", start).get("/absence-groups/changes");
        response.then().statusCode(200)
                .body("value.changeType", contains("InsertOrUpdate", "Delete"))
                .body("value.data.id", contains((int) b, (int) a))
                .body("value[1].data.changeVersion", equalTo(deleteA.changeVersion().text()))
                .body("value[0].data.name.default", equalTo("Second"))
                .body("cursor", equalTo(listCursor()))
                .body("hasMore", equalTo(false));

        String end = response.jsonPath().getString("cursor");
        given().queryParam("after", end).get("/absence-groups/changes")
                .then().statusCode(200).body("value", empty())
                .body("cursor", equalTo(end));
    }

    @Test
    void aLateLowerVersionReachesAFollowerWhoseCursorIsPastIt() {
        long early = nextId(), late = nextId();
        apply(upsert(early, "seen", "Absence"));
        // the follower is up to date...
        String cursor = given().queryParam("after", listCursor()).get("/absence-groups/changes")
                .then().statusCode(200).extract().path("cursor");
        // ...when a shuffled delivery arrives with a version below everything it has seen
        apply(new Change.InsertOrUpdate(new AbsenceGroup(late, ChangeVersion.parse("01"),
                new AbsenceGroup.Name("late but new", Map.of()), "Absence")));
        given().queryParam("after", cursor).get("/absence-groups/changes").then().statusCode(200)
                .body("value.data.id", contains((int) late))
                .body("value[0].data.changeVersion", equalTo("01"))
                .body("value[0].data.name.default", equalTo("late but new"));
    }

    @Test
    void changesFeedPagesWithLimit() {
        String start = listCursor();
        long a = nextId(), b = nextId(), c = nextId();
        apply(upsert(a, "1", "Absence"), upsert(b, "2", "Absence"), upsert(c, "3", "Absence"));
        Response first = given().queryParam("after", start).queryParam("limit", 2).get("/absence-groups/changes");
        first.then().statusCode(200).body("value.data.id", contains((int) a, (int) b)).body("hasMore", equalTo(true));
        given().queryParam("after", first.jsonPath().getString("cursor")).queryParam("limit", 2)
                .get("/absence-groups/changes")
                .then().statusCode(200).body("value.data.id", contains((int) c)).body("hasMore", equalTo(false));
    }

    @Test
    void changesWithoutAfterStartAtTheOldestRetainedChange() {
        long id = nextId();
        apply(upsert(id, "x", "Absence"));
        given().get("/absence-groups/changes?limit=10000").then().statusCode(200)
                .body("value.data.id", hasItem((int) id))
                .body("cursor", notNullValue());
    }

    @Test
    void aCursorOfAnotherRunIs410() {
        String cursor = listCursor();
        String epoch = cursor.substring(0, 16);
        String otherEpoch = (epoch.charAt(0) == '0' ? "1" : "0") + epoch.substring(1);
        String before = etagOfList();
        given().queryParam("after", otherEpoch + cursor.substring(16)).get("/absence-groups/changes")
                .then().statusCode(410)
                .contentType("application/problem+json")
                .body("status", equalTo(410))
                .body("type", equalTo("urn:absence-groups-cache:cursor-expired"))
                .body("detail", containsString("another run of the service"))
                .body("detail", containsString("reload GET /absence-groups"));
        assertThat(etagOfList(), equalTo(before));
    }

    @Test
    void aCursorAheadOfTheLogIs400() {
        String cursor = listCursor();
        String ahead = cursor.substring(0, 17) + "9000000000";
        assertProblem(given().queryParam("after", ahead).get("/absence-groups/changes"), 400,
                "'after' is not a cursor this service handed out, got '" + ahead + "'");
    }

    @Test
    void listThenFollowMissesNothingUnderConcurrentDeliveries() throws Exception {
        long first = IDS.addAndGet(200) - 199;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<?> writer = pool.submit(() -> {
                java.util.Random random = new java.util.Random(7);
                for (int i = 0; i < 60; i++) {
                    long id = first + random.nextInt(40);
                    apply(random.nextInt(4) == 0 ? delete(id) : upsert(id, "w" + i, "Absence"));
                }
            });
            // a follower that lists while the writer runs, then follows from the list's cursor
            Thread.sleep(20);
            Response list = given().get("/absence-groups");
            Map<Integer, String> copy = new java.util.HashMap<>();
            for (Map<String, Object> group : list.jsonPath().<Map<String, Object>>getList("value")) {
                copy.put((Integer) group.get("id"), (String) group.get("changeVersion"));
            }
            String cursor = list.jsonPath().getString("cursor");
            boolean writing = true;
            while (true) {
                boolean done = writer.isDone();
                Response page = given().queryParam("after", cursor).queryParam("limit", 5).get("/absence-groups/changes");
                page.then().statusCode(200);
                for (Map<String, Object> item : page.jsonPath().<Map<String, Object>>getList("value")) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> data = (Map<String, Object>) item.get("data");
                    if ("Delete".equals(item.get("changeType"))) {
                        copy.remove((Integer) data.get("id"));
                    } else {
                        copy.put((Integer) data.get("id"), (String) data.get("changeVersion"));
                    }
                }
                cursor = page.jsonPath().getString("cursor");
                if (done && !page.jsonPath().getBoolean("hasMore")) {
                    break;
                }
            }
            writer.get();
            Map<Integer, String> truth = new java.util.HashMap<>();
            for (Map<String, Object> group : given().get("/absence-groups").jsonPath().<Map<String, Object>>getList("value")) {
                truth.put((Integer) group.get("id"), (String) group.get("changeVersion"));
            }
            assertThat(copy, equalTo(truth));
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- bad input: a clear 4xx problem, and nothing changes ----

    private static void assertProblem(Response response, int status, String detail) {
        response.then().statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("title", notNullValue())
                .body("detail", containsString(detail))
                .body(not(containsString("Exception")))
                .body(not(containsString("\tat ")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "12x", "-1", "1.5", "99999999999999999999"})
    void nonNumericIdIs400(String id) {
        String before = etagOfList();
        assertProblem(given().get("/absence-groups/" + id), 400, "'id' (the path's absence-group id) must be a non-negative integer, got '" + id + "'");
        assertThat(etagOfList(), equalTo(before));
    }

    @ParameterizedTest
    @ValueSource(strings = {"zzz", "0000090200004BD0000A", "5f0c2a9e41d7b3c8", "5F0C2A9E41D7B3C8-1", "5f0c2a9e41d7b3c8--1", "5f0c2a9e41d7b3c-1",
            "5f0c2a9e41d7b3c8-01", "5f0c2a9e41d7b3c8-99999999999999999999", "12 34"})
    void afterThatIsNotOurCursorIs400AndNamesTheParameterAndValue(String after) {
        String before = etagOfList();
        assertProblem(given().queryParam("after", after).get("/absence-groups/changes"), 400,
                "'after' must be a cursor from an earlier answer of this service, got '" + after + "'");
        assertThat(etagOfList(), equalTo(before));
    }

    @Test
    void emptyAndOverlongAfterAre400() {
        assertProblem(given().queryParam("after", "").get("/absence-groups/changes"), 400, "'after' must be a cursor");
        assertProblem(given().queryParam("after", "A".repeat(65)).get("/absence-groups/changes"), 400, "'after' must be a cursor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "ten", "10001"})
    void badLimitIs400(String limit) {
        assertProblem(given().queryParam("limit", limit).get("/absence-groups/changes"), 400, "'limit' must be an integer from 1 to 10000");
    }

    @Test
    void unknownQueryParametersAre400() {
        assertProblem(given().queryParam("typ", "Absence").get("/absence-groups"), 400, "unknown query parameter(s) [typ] (got typ='Absence')");
        assertProblem(given().queryParam("type", "Absence").get("/absence-groups/1"), 400, "unknown query parameter(s) [type] (got type='Absence')");
        assertProblem(given().queryParam("since", "01").get("/absence-groups/changes"), 400, "unknown query parameter(s) [since] (got since='01')");
    }

    @Test
    void repeatedSingleValuedParametersAre400() {
        assertProblem(given().queryParam("lang", "nl").queryParam("lang", "fr").get("/absence-groups"), 400, "'lang' may be given only once, got 'nl', 'fr'");
        assertProblem(given().queryParam("after", "01").queryParam("after", "02").get("/absence-groups/changes"), 400, "'after' may be given only once, got '01', '02'");
    }

    @Test
    void malformedLangAndTypeAre400() {
        assertProblem(given().queryParam("lang", "nl_BE").get("/absence-groups"), 400, "'lang' must be a language tag such as nl or fr-BE, got 'nl_BE'");
        assertProblem(given().queryParam("lang", "").get("/absence-groups/1"), 400, "'lang' must be a language tag such as nl or fr-BE, got ''");
        assertProblem(given().queryParam("type", "Absence;drop").get("/absence-groups"), 400,
                "'type' must be an absence-group type name such as Absence or WorkingElsewhere, got 'Absence;drop'");
        assertProblem(given().queryParam("type", "").get("/absence-groups"), 400, "'type' must be an absence-group type name such as Absence or WorkingElsewhere, got ''");
    }

    @Test
    void unsupportedAcceptIs406() {
        assertProblem(given().accept("application/xml").get("/absence-groups"), 406, "only available as application/json");
        assertProblem(given().accept("text/html").get("/absence-groups/1"), 406, "only available as application/json");
    }

    @Test
    void writesAreNotAllowed() {
        String before = etagOfList();
        Response post = given().contentType(ContentType.JSON).body("{}").post("/absence-groups");
        assertProblem(post, 405, "not allowed");
        assertThat(post.header("Allow"), containsString("GET"));
        assertThat(post.header("Allow"), not(containsString("POST")));
        Response delete = given().delete("/absence-groups/1");
        assertProblem(delete, 405, "not allowed");
        assertThat(delete.header("Allow"), containsString("GET"));
        assertThat(delete.header("Allow"), not(containsString("DELETE")));
        assertThat(etagOfList(), equalTo(before));
    }

    @Test
    void openApiDescribesTheEndpointsAndSwaggerUiIsServed() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", notNullValue())
                .body(containsString("/absence-groups/changes"))
                .body(containsString("0000090200004BD0000A"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void healthAndMetricsAreUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
    }
}
