package io.absencegroups.subscription;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.absencegroups.cache.AbsenceGroup;
import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.Change;
import io.absencegroups.cache.ChangeVersion;
import io.absencegroups.sync.FullSync;
import io.absencegroups.sync.Reconciler;
import io.absencegroups.sync.SyncReport;
import io.absencegroups.testing.InjectWireMock;
import io.absencegroups.testing.MyProtimeStubs;
import io.absencegroups.testing.MyProtimeWireMock;
import io.absencegroups.testing.PrometheusMetrics;
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
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.absencegroups.testing.MyProtimeStubs.GROUPS;
import static io.absencegroups.testing.MyProtimeStubs.WEBHOOKS;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The subscription end to end against a WireMock myProtime: create with retries, readiness after the
 * sync, a 400 that is not hammered, replacement before expiry, recovery from Disabled and 404, paging
 * and reconcile. Times are the test profile's (seconds); "eventually" is Awaitility.
 */
@QuarkusTest
@TestProfile(UpstreamTestProfile.class)
class SubscriptionFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    SubscriptionManager subscriptions;

    @Inject
    KeyRing keyRing;

    @Inject
    AbsenceGroupStore store;

    @Inject
    FullSync fullSync;

    @Inject
    Reconciler reconciler;

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

    private static JsonPath readiness(int expectedStatus) {
        return given().get("/q/health/ready").then().statusCode(expectedStatus).extract().jsonPath();
    }

    private static Map<String, Object> subscriptionCheck(JsonPath health) {
        return health.getMap("checks.find { it.name == 'subscription' }");
    }

    private List<LoggedRequest> requests(String method, String path) {
        return MyProtimeStubs.apiRequests(wireMock).stream()
                .filter(r -> r.getMethod().getName().equals(method) && r.getUrl().startsWith(path))
                .toList();
    }

    private void awaitCurrentWebhook(String id) {
        await().atMost(PATIENCE).until(() -> id.equals(subscription().getString("webhook.id"))
                && subscription().getBoolean("ready"));
    }

    @Test
    void createSurvives503And503AndATimeoutAndIsReadyOnlyAfterTheSync() {
        wireMock.stubFor(MyProtimeStubs.createWebhook().inScenario("create").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("second"));
        wireMock.stubFor(MyProtimeStubs.createWebhook().inScenario("create").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("slow"));
        wireMock.stubFor(MyProtimeStubs.createWebhook().inScenario("create").whenScenarioStateIs("slow")
                .willReturn(aResponse().withStatus(503).withFixedDelay(3000)).willSetStateTo("up"));
        wireMock.stubFor(MyProtimeStubs.createWebhook().inScenario("create").whenScenarioStateIs("up")
                .willReturn(MyProtimeStubs.created("c-1", Instant.now().plus(Duration.ofHours(2)))));
        wireMock.stubFor(get(urlEqualTo(GROUPS)).willReturn(aResponse().withStatus(503)));
        MyProtimeStubs.webhookStatus(wireMock, "c-1", "Enabled");
        double createsOk = PrometheusMetrics.value("absencegroups_webhook_creates_total", "outcome=\"success\"");
        double createsFailed = PrometheusMetrics.value("absencegroups_webhook_creates_total", "outcome=\"failure\"");
        double syncsComplete = PrometheusMetrics.value("absencegroups_full_sync_seconds_count", "outcome=\"complete\"");
        double syncsFailed = PrometheusMetrics.value("absencegroups_full_sync_seconds_count", "outcome=\"failed\"");
        double callsFailed = PrometheusMetrics.value("absencegroups_upstream_calls_total", "operation=\"create-webhook\"", "outcome=\"server_error\"");
        double callsTimedOut = PrometheusMetrics.value("absencegroups_upstream_calls_total", "operation=\"create-webhook\"", "outcome=\"timeout\"");

        subscriptions.start();

        // the webhook exists and its key verifies deliveries, but the sync cannot finish: not ready
        await().atMost(PATIENCE).until(() -> "SYNCING".equals(subscription().getString("state"))
                && subscription().getString("reason").contains("full sync"));
        Map<String, Object> down = subscriptionCheck(readiness(503));
        assertEquals("DOWN", down.get("status"));
        assertEquals("SYNCING", ((Map<?, ?>) down.get("data")).get("state"));
        assertTrue(keyRing.names().contains("c-1"));
        assertEquals(4, wireMock.findAll(postRequestedFor(urlEqualTo(WEBHOOKS))).size(), "503, 503, timeout, 201");
        // SYNCING shows once the sync started; its first failure is counted when that attempt ends, which on a
        // busy machine can come after the state: the groups stub below must not let the attempt succeed first
        await().atMost(PATIENCE).until(() -> PrometheusMetrics.value("absencegroups_full_sync_seconds_count",
                "outcome=\"failed\"") >= syncsFailed + 1);

        MyProtimeStubs.groups(wireMock, "101:0A", "102:0B");

        await().atMost(PATIENCE).until(() -> given().get("/q/health/ready").statusCode() == 200);
        JsonPath status = subscription();
        assertEquals("ACTIVE", status.getString("state"));
        assertEquals("c-1", status.getString("webhook.id"));
        assertEquals("Enabled", status.getString("webhook.status"));
        assertNotNull(status.getString("webhook.nextRenewal"));
        assertEquals("COMPLETE", status.getString("lastFullSync.outcome"));
        assertEquals(2, status.getInt("lastFullSync.items"));
        assertTrue(status.getList("keys").contains("c-1"));
        given().get("/absence-groups/101").then().statusCode(200).body("name.default", is("Group 101"));

        assertEquals(4, wireMock.findAll(postRequestedFor(urlEqualTo(WEBHOOKS))).size(), "no further create");
        assertTrue(wireMock.findAll(postRequestedFor(urlPathEqualTo(MyProtimeWireMock.TOKEN))).size() <= 1,
                "at most one token for all these calls");
        String body = given().get("/subscription").asString();
        assertFalse(body.contains(MyProtimeStubs.keyOf("c-1")), "never the key");

        assertEquals(createsOk + 1, PrometheusMetrics.value("absencegroups_webhook_creates_total", "outcome=\"success\""));
        assertEquals(createsFailed, PrometheusMetrics.value("absencegroups_webhook_creates_total", "outcome=\"failure\""),
                "the 503s and the timeout were retried inside one create call");
        assertEquals(callsFailed + 2, PrometheusMetrics.value("absencegroups_upstream_calls_total", "operation=\"create-webhook\"", "outcome=\"server_error\""));
        assertEquals(callsTimedOut + 1, PrometheusMetrics.value("absencegroups_upstream_calls_total", "operation=\"create-webhook\"", "outcome=\"timeout\""));
        assertEquals(syncsComplete + 1, PrometheusMetrics.value("absencegroups_full_sync_seconds_count", "outcome=\"complete\""));
        assertTrue(PrometheusMetrics.value("absencegroups_full_sync_seconds_count", "outcome=\"failed\"") >= syncsFailed + 1);
        double secondsValid = PrometheusMetrics.value("absencegroups_webhook_valid_seconds");
        assertTrue(secondsValid > 3600 && secondsValid <= 7200, "about 2 hours: " + secondsValid);
    }

    @Test
    void a400OnCreateIsShownAndNotHammeredAndTheServiceStaysUp() {
        wireMock.stubFor(MyProtimeStubs.createWebhook().willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"InvalidDestinationUrl\",\"message\":\"The destination must answer over https\"}}")));

        subscriptions.start();

        await().atMost(PATIENCE).until(() -> subscription().getString("lastError.message") != null);
        JsonPath status = subscription();
        assertEquals("CREATING", status.getString("state"));
        assertFalse(status.getBoolean("ready"));
        assertEquals("create webhook", status.getString("lastError.during"));
        assertTrue(status.getString("lastError.message").contains("400"), status.getString("lastError.message"));
        assertTrue(status.getString("lastError.message").contains("InvalidDestinationUrl: The destination must answer over https"));
        // the next attempt waits the rejected-retry-delay (1h here), not the 50 ms backoff
        Instant failedAt = Instant.parse(status.getString("lastError.at"));
        Instant next = Instant.parse(status.getString("replacement.nextAttemptAt"));
        assertEquals(Duration.ofHours(1), Duration.between(failedAt, next));
        assertEquals(1, wireMock.findAll(postRequestedFor(urlEqualTo(WEBHOOKS))).size(), "a 400 is not retried");

        Map<String, Object> check = subscriptionCheck(readiness(503));
        assertTrue(String.valueOf(((Map<?, ?>) check.get("data")).get("reason")).contains("InvalidDestinationUrl"));
        given().get("/q/health/live").then().statusCode(200);
        // the reads serve once any sync finished in this application (an earlier test's), else wait for one
        given().get("/absence-groups").then().statusCode(fullSync.finishedOnce() ? 200 : 503);
    }

    @Test
    void theWebhookIsReplacedBeforeItExpiresAndTheOldKeyRetiresAfterTheGrace() {
        Instant firstValidUntil = Instant.now().plus(Duration.ofSeconds(8));
        wireMock.stubFor(MyProtimeStubs.createWebhook().inScenario("renew").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(MyProtimeStubs.created("r-1", firstValidUntil)).willSetStateTo("renewed"));
        wireMock.stubFor(MyProtimeStubs.createWebhook().inScenario("renew").whenScenarioStateIs("renewed")
                .willReturn(MyProtimeStubs.created("r-2", Instant.now().plus(Duration.ofHours(1)))));
        MyProtimeStubs.webhookStatus(wireMock, "r-1", "Enabled");
        MyProtimeStubs.webhookStatus(wireMock, "r-2", "Enabled");
        MyProtimeStubs.deletable(wireMock, "r-1");
        MyProtimeStubs.groups(wireMock, "201:01");

        subscriptions.start();
        awaitCurrentWebhook("r-1");
        awaitCurrentWebhook("r-2");

        List<LoggedRequest> creates = requests("POST", WEBHOOKS);
        assertEquals(2, creates.size());
        assertTrue(creates.get(1).getLoggedDate().toInstant().isBefore(firstValidUntil),
                "the new webhook is created before the old one expires");
        List<LoggedRequest> syncs = requests("GET", GROUPS);
        assertEquals(2, syncs.size(), "one full sync per webhook");
        assertTrue(syncs.get(1).getLoggedDate().compareTo(creates.get(1).getLoggedDate()) >= 0, "the sync follows the create");
        await().atMost(PATIENCE).until(() -> !requests("DELETE", WEBHOOKS + "/r-1").isEmpty());
        assertTrue(requests("DELETE", WEBHOOKS + "/r-1").get(0).getLoggedDate().compareTo(syncs.get(1).getLoggedDate()) >= 0,
                "the old webhook is deleted after the sync");

        // during the grace period both keys verify deliveries; the old one carries its retirement time
        List<KeyRing.SigningKey> keys = keyRing.activeKeys();
        KeyRing.SigningKey old = keys.stream().filter(k -> k.name().equals("r-1")).findFirst().orElseThrow();
        KeyRing.SigningKey fresh = keys.stream().filter(k -> k.name().equals("r-2")).findFirst().orElseThrow();
        assertNotNull(old.retiresAt());
        assertNull(fresh.retiresAt());
        await().atMost(PATIENCE).until(() -> !keyRing.names().contains("r-1"));
        assertTrue(keyRing.names().contains("r-2"));
        assertEquals(1, subscription().getInt("counters.replacements"));
    }

    @Test
    void aDisabledWebhookIsReplacedByANewOneAndAFullSync() {
        recoversWhenTheWebhookStops("d-", () -> MyProtimeStubs.webhookStatus(wireMock, "d-1", "Disabled"));
    }

    @Test
    void aWebhookThatIsGoneIsReplacedByANewOneAndAFullSync() {
        recoversWhenTheWebhookStops("g-", () -> wireMock.stubFor(get(urlEqualTo(WEBHOOKS + "/g-1"))
                .willReturn(aResponse().withStatus(404).withBody("{\"error\":{\"code\":\"NotFound\",\"message\":\"no such webhook\"}}"))));
    }

    private void recoversWhenTheWebhookStops(String prefix, Runnable stop) {
        String first = prefix + "1";
        String second = prefix + "2";
        wireMock.stubFor(MyProtimeStubs.createWebhook().inScenario("recover").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(MyProtimeStubs.created(first, Instant.now().plus(Duration.ofHours(1)))).willSetStateTo("again"));
        wireMock.stubFor(MyProtimeStubs.createWebhook().inScenario("recover").whenScenarioStateIs("again")
                .willReturn(MyProtimeStubs.created(second, Instant.now().plus(Duration.ofHours(1)))));
        MyProtimeStubs.webhookStatus(wireMock, first, "Enabled");
        MyProtimeStubs.webhookStatus(wireMock, second, "Enabled");
        MyProtimeStubs.deletable(wireMock, first);
        MyProtimeStubs.groups(wireMock, "301:01");

        subscriptions.start();
        awaitCurrentWebhook(first);
        assertEquals(1, requests("GET", GROUPS).size());

        stop.run();
        awaitCurrentWebhook(second);

        assertEquals(2, requests("POST", WEBHOOKS).size());
        List<LoggedRequest> syncs = requests("GET", GROUPS);
        assertEquals(2, syncs.size(), "recovery runs a full sync");
        assertTrue(syncs.get(1).getLoggedDate().compareTo(requests("POST", WEBHOOKS).get(1).getLoggedDate()) >= 0);
        await().atMost(PATIENCE).until(() -> !requests("DELETE", WEBHOOKS + "/" + first).isEmpty());
    }

    @Test
    void aStatusAnswerWithoutStatusIsAFailedCheckNotAReplacement() {
        wireMock.stubFor(MyProtimeStubs.createWebhook().willReturn(MyProtimeStubs.created("n-1", Instant.now().plus(Duration.ofHours(1)))));
        MyProtimeStubs.groups(wireMock, "451:01");
        wireMock.stubFor(get(urlEqualTo(WEBHOOKS + "/n-1")).willReturn(okJson("{\"id\":\"n-1\",\"validUntil\":\"2030-01-01T00:00:00Z\"}")));

        subscriptions.start();
        await().atMost(PATIENCE).until(() -> "check webhook n-1".equals(subscription().getString("lastError.during")));

        JsonPath status = subscription();
        assertTrue(status.getString("lastError.message").contains("has no status"), status.getString("lastError.message"));
        assertEquals("ACTIVE", status.getString("state"));
        assertEquals(1, requests("POST", WEBHOOKS).size(), "no replacement for a malformed answer");
    }

    @Test
    void stopDeletesTheServicesWebhook() {
        wireMock.stubFor(MyProtimeStubs.createWebhook().willReturn(MyProtimeStubs.created("s-1", Instant.now().plus(Duration.ofHours(1)))));
        MyProtimeStubs.webhookStatus(wireMock, "s-1", "Enabled");
        MyProtimeStubs.deletable(wireMock, "s-1");
        MyProtimeStubs.groups(wireMock, "401:01");
        subscriptions.start();
        awaitCurrentWebhook("s-1");

        subscriptions.stop(true).await().atMost(Duration.ofSeconds(5));

        wireMock.verify(1, deleteRequestedFor(urlEqualTo(WEBHOOKS + "/s-1")));
        assertEquals("STOPPED", subscription().getString("state"));
        readiness(503);
    }

    @Test
    void aWebhookLeftByAnEarlierRunIsDeletedBeforeTheNewOneIsCreated() {
        wireMock.stubFor(get(urlPathEqualTo(WEBHOOKS)).willReturn(okJson("{\"value\":["
                + "{\"id\":\"left-1\",\"status\":\"Enabled\",\"validUntil\":\"2099-01-01T00:00:00Z\",\"destinationUrl\":\""
                + UpstreamTestProfile.DESTINATION + "\",\"collectionName\":\"absence-groups\"},"
                + "{\"id\":\"other-team\",\"status\":\"Enabled\",\"validUntil\":\"2099-01-01T00:00:00Z\",\"destinationUrl\":\"https://other.example/hook\",\"collectionName\":\"absence-groups\"}]}")));
        wireMock.stubFor(MyProtimeStubs.createWebhook().willReturn(MyProtimeStubs.created("l-1", Instant.now().plus(Duration.ofHours(1)))));
        MyProtimeStubs.webhookStatus(wireMock, "l-1", "Enabled");
        MyProtimeStubs.deletable(wireMock, "left-1");
        MyProtimeStubs.groups(wireMock, "501:01");

        subscriptions.start();
        awaitCurrentWebhook("l-1");

        await().atMost(PATIENCE).until(() -> !requests("DELETE", WEBHOOKS + "/left-1").isEmpty());
        wireMock.verify(0, deleteRequestedFor(urlEqualTo(WEBHOOKS + "/other-team")));
        List<LoggedRequest> list = wireMock.findAll(getRequestedFor(urlPathEqualTo(WEBHOOKS)));
        assertEquals("collectionName eq 'absence-groups'", list.get(0).queryParameter("filter").firstValue());
        assertTrue(list.get(0).getLoggedDate().compareTo(requests("POST", WEBHOOKS).get(0).getLoggedDate()) <= 0);
    }

    @Test
    void aFullSyncFollowsTheNextLinkChainThroughAnEmptyPage() {
        String second = GROUPS + "?continuationToken=p2%3D%3D";
        String third = GROUPS + "?continuationToken=p3";
        wireMock.stubFor(get(urlEqualTo(GROUPS)).willReturn(okJson(MyProtimeStubs.page(second, "601:01", "602:02"))));
        wireMock.stubFor(get(urlEqualTo(second)).willReturn(okJson(MyProtimeStubs.page(third))));
        wireMock.stubFor(get(urlEqualTo(third)).willReturn(okJson(MyProtimeStubs.page(null, "603:03"))));

        SyncReport report = fullSync.run("test").await().atMost(PATIENCE);

        assertEquals(SyncReport.Outcome.COMPLETE, report.outcome());
        assertEquals(3, report.pages());
        assertEquals(3, report.items());
        assertEquals(List.of(GROUPS, second, third), requests("GET", GROUPS).stream().map(LoggedRequest::getUrl).toList());
        given().get("/absence-groups/603").then().statusCode(200);
    }

    @Test
    void aListingThatFailsPartWayDeletesNothing() {
        apply(700, "05");
        String second = GROUPS + "?continuationToken=broken";
        wireMock.stubFor(get(urlEqualTo(GROUPS)).willReturn(okJson(MyProtimeStubs.page(second, "701:01"))));
        wireMock.stubFor(get(urlEqualTo(second)).willReturn(aResponse().withStatus(500)));

        SyncReport report = fullSync.run("test").await().atMost(PATIENCE);

        assertEquals(SyncReport.Outcome.FAILED, report.outcome());
        assertEquals(0, report.removed());
        assertTrue(store.get(700).isPresent(), "a group that may be on the failed page stays");
        assertTrue(store.get(701).isPresent(), "what was applied stays");
        assertEquals(4, requests("GET", second).size(), "the page itself was retried first");
    }

    @Test
    void reconcileRemovesAGroupThatVanishedUpstream() {
        apply(800, "05");
        apply(801, "06");
        MyProtimeStubs.groups(wireMock, "800:05");
        // every live group but 800 is missing upstream: 801, and whatever earlier tests left in the store
        int vanished = store.liveIds().size() - 1;

        SyncReport report = reconciler.reconcile().await().atMost(PATIENCE);

        assertEquals(vanished, report.removed());
        assertEquals(java.util.Set.of(800L), store.liveIds());
        given().get("/absence-groups/801").then().statusCode(404);
        given().get("/absence-groups/800").then().statusCode(200);
        given().get("/absence-groups/changes").then().statusCode(200)
                .body("value.find { it.data.id == 801 }.changeType", is("Delete"));
    }

    @Test
    void aReconcileDeleteBlocksOlderUpsertsButNotTheNextRealChangeAndAFollowerSeesBoth() {
        apply(810, "0000000000000000F005");
        apply(811, "0000000000000000F006");
        MyProtimeStubs.groups(wireMock, "811:0000000000000000F006");
        String cursor = given().get("/absence-groups").then().statusCode(200).extract().path("cursor");

        reconciler.reconcile().await().atMost(PATIENCE);
        JsonPath afterReconcile = given().queryParam("after", cursor).get("/absence-groups/changes").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("Delete"), afterReconcile.getList("value.findAll { it.data.id == 810 }.changeType"));
        cursor = afterReconcile.getString("cursor");

        String listingVersion = store.stored(810).orElseThrow().changeVersion().text();
        java.math.BigInteger listing = new java.math.BigInteger(listingVersion, 16);
        assertTrue(listing.compareTo(new java.math.BigInteger("F006", 16)) >= 0,
                "the delete carries the listing's version, a real one: " + listingVersion);
        // a redelivery from before the listing must not bring the group back...
        io.absencegroups.receiver.Deliveries.post(deliveredUpsert(810, String.format("%020X", listing), "stale"))
                .then().statusCode(200).body("applied", is(0));
        given().get("/absence-groups/810").then().statusCode(404);
        // ...but myProtime's next real change, with the very next version, must neither collide nor hide
        String next = String.format("%020X", listing.add(java.math.BigInteger.ONE));
        io.absencegroups.receiver.Deliveries.post(deliveredUpsert(810, next, "back again"))
                .then().statusCode(200).body("applied", is(1));
        given().get("/absence-groups/810").then().statusCode(200).body("name.default", is("back again"));

        JsonPath feed = given().queryParam("after", cursor).get("/absence-groups/changes").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("InsertOrUpdate"), feed.getList("value.findAll { it.data.id == 810 }.changeType"),
                "the follower, past the delete, gets the real change (and not the blocked one)");
        assertEquals(next, feed.getString("value.find { it.data.id == 810 }.data.changeVersion"));
        assertEquals("back again", feed.getString("value.find { it.data.id == 810 }.data.name.default"));
    }

    private static String deliveredUpsert(long id, String version, String name) {
        return "{\"changeType\":\"InsertOrUpdate\",\"data\":{\"id\":" + id + ",\"changeVersion\":\"" + version
                + "\",\"name\":{\"default\":\"" + name + "\",\"translations\":{}},\"type\":\"Absence\"}}";
    }

    private void apply(long id, String version) {
        store.apply(new Change.InsertOrUpdate(new AbsenceGroup(id, ChangeVersion.parse(version),
                new AbsenceGroup.Name("group " + id, Map.of()), "Absence")));
    }
}
