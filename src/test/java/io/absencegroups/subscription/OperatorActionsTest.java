package io.absencegroups.subscription;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.absencegroups.testing.InjectWireMock;
import io.absencegroups.testing.MyProtimeStubs;
import io.absencegroups.testing.UpstreamTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /subscription/sync} and {@code /replace} against a WireMock myProtime: a sync shows in
 * {@code lastFullSync}, and a replacement asked for while another is in flight joins it, so one new webhook
 * is made. Times are the test profile's (seconds); "eventually" is Awaitility.
 */
@QuarkusTest
@TestProfile(UpstreamTestProfile.class)
class OperatorActionsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String HELD_BACK = "replacement held back";

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    SubscriptionManager subscriptions;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void setUp() {
        subscriptions.stop(false).await().atMost(Duration.ofSeconds(5));
        wireMock.resetAll();
        breakers.resetAll();
        MyProtimeStubs.token(wireMock);
        MyProtimeStubs.noLeftovers(wireMock);
    }

    @AfterEach
    void tearDown() {
        subscriptions.stop(false).await().atMost(Duration.ofSeconds(5));
        breakers.resetAll();
    }

    private static JsonPath subscription() {
        return given().get("/subscription").then().statusCode(200).extract().jsonPath();
    }

    private void awaitCurrentWebhook(String id) {
        await().atMost(PATIENCE).until(() -> id.equals(subscription().getString("webhook.id"))
                && subscription().getBoolean("ready"));
    }

    /**
     * Starts with webhook {@code first}, valid {@code validFor}; creating the next one ({@code next}) fails
     * with 503 until the test sets scenario {@link #HELD_BACK} to "up", so a replacement stays in flight.
     */
    private void startWithAReplacementHeldBack(String first, Duration validFor, String next) {
        wireMock.stubFor(MyProtimeStubs.createWebhook().inScenario(HELD_BACK).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(MyProtimeStubs.created(first, Instant.now().plus(validFor))).willSetStateTo("busy"));
        wireMock.stubFor(MyProtimeStubs.createWebhook().inScenario(HELD_BACK).whenScenarioStateIs("busy")
                .willReturn(aResponse().withStatus(503)));
        wireMock.stubFor(MyProtimeStubs.createWebhook().inScenario(HELD_BACK).whenScenarioStateIs("up")
                .willReturn(MyProtimeStubs.created(next, Instant.now().plus(Duration.ofHours(1)))));
        for (String id : new String[] {first, next}) {
            MyProtimeStubs.webhookStatus(wireMock, id, "Enabled");
        }
        MyProtimeStubs.deletable(wireMock, first);
        MyProtimeStubs.groups(wireMock, "401:01");
        subscriptions.start();
        awaitCurrentWebhook(first);
    }

    @Test
    void aSyncAskedForShowsInLastFullSync() {
        wireMock.stubFor(MyProtimeStubs.createWebhook().willReturn(MyProtimeStubs.created("s-1", Instant.now().plus(Duration.ofHours(1)))));
        MyProtimeStubs.webhookStatus(wireMock, "s-1", "Enabled");
        MyProtimeStubs.groups(wireMock, "301:01", "302:01");
        subscriptions.start();
        awaitCurrentWebhook("s-1");

        given().post("/subscription/sync").then().statusCode(202)
                .header("Location", endsWith("/subscription"))
                .body("action", is("sync")).body("joined", is(false)).body("watch", is("/subscription"));

        await().atMost(PATIENCE).until(() -> "operator".equals(subscription().getString("lastFullSync.trigger")));
        JsonPath status = subscription();
        assertEquals("COMPLETE", status.getString("lastFullSync.outcome"));
        assertEquals(2, status.getInt("lastFullSync.items"));
        // counted as webhooks made, not as POSTs: under load a slow create is retried
        assertEquals(1, status.getInt("counters.webhooksCreated"), "a sync makes no webhook");
    }

    @Test
    void theRenewalPingRunsTheCheckWhereTheLifecycleRuns() {
        wireMock.stubFor(MyProtimeStubs.createWebhook().willReturn(MyProtimeStubs.created("p-1", Instant.now().plus(Duration.ofHours(1)))));
        MyProtimeStubs.webhookStatus(wireMock, "p-1", "Enabled");
        MyProtimeStubs.groups(wireMock, "301:01");
        subscriptions.start();
        awaitCurrentWebhook("p-1");

        given().body("{\"specversion\":\"1.0\"}").contentType("application/json").post("/subscription/check")
                .then().statusCode(202).body("checked", is(true)).body("state", is("ACTIVE"));

        subscriptions.stop(false).await().atMost(Duration.ofSeconds(5));
        given().post("/subscription/check").then().statusCode(202).body("checked", is(false));
    }

    @Test
    void twoReplacementsAskedForAtOnceMakeOneWebhook() {
        startWithAReplacementHeldBack("r-1", Duration.ofHours(1), "r-2");

        given().post("/subscription/replace").then().statusCode(202)
                .header("Location", endsWith("/subscription"))
                .body("action", is("replace")).body("joined", is(false));
        given().post("/subscription/replace").then().statusCode(202)
                .body("joined", is(true)).body("detail", containsString("operator request #"));
        wireMock.setScenarioState(HELD_BACK, "up");

        awaitCurrentWebhook("r-2");
        JsonPath status = subscription();
        assertEquals(2, status.getInt("counters.webhooksCreated"), "the first webhook and one replacement");
        assertEquals(1, status.getInt("counters.replacements"));
    }

    @Test
    void aReplaceDuringAScheduledRenewalJoinsIt() {
        // valid 8 s: due for renewal half-way through, at the next check after 4 s
        startWithAReplacementHeldBack("n-1", Duration.ofSeconds(8), "n-2");

        await().atMost(PATIENCE).until(() -> subscription().getString("replacement.reason") != null);
        String renewal = subscription().getString("replacement.reason");
        assertTrue(renewal.contains("due for renewal"), renewal);
        given().post("/subscription/replace").then().statusCode(202)
                .body("joined", is(true)).body("detail", containsString(renewal));
        wireMock.setScenarioState(HELD_BACK, "up");

        awaitCurrentWebhook("n-2");
        JsonPath status = subscription();
        assertEquals(2, status.getInt("counters.webhooksCreated"), "the first webhook and one replacement, not two");
        assertEquals(1, status.getInt("counters.replacements"));
    }
}
