package io.absencegroups.api;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.absencegroups.subscription.SubscriptionManager;
import io.absencegroups.testing.InjectWireMock;
import io.absencegroups.testing.MyProtimeStubs;
import io.absencegroups.testing.UpstreamTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.absencegroups.testing.MyProtimeStubs.GROUPS;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * With the subscription on, the read API, the feed and the watch stream answer 503 with Retry-After
 * until the first full sync has finished, then serve, and keep serving when later syncs fail. Its own
 * profile, so it runs in an application in which no sync has finished yet.
 */
@QuarkusTest
@TestProfile(ReadsBeforeFirstSyncTest.FreshApp.class)
class ReadsBeforeFirstSyncTest {

    /** The upstream profile in an application of its own. */
    public static class FreshApp extends UpstreamTestProfile {
    }

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    SubscriptionManager subscriptions;

    private static void assertNotSynced(Response response) {
        response.then().statusCode(503)
                .header("Retry-After", "5")
                .contentType("application/problem+json")
                .body("type", equalTo("urn:absence-groups-cache:not-synced"))
                .body("status", equalTo(503))
                .body("detail", containsString("first full sync has not finished"));
    }

    @Test
    void readsAre503UntilTheFirstFullSyncFinishedThenServeForGood() {
        // a webhook that is created, and a listing that fails: the subscription stays in SYNCING
        subscriptions.stop(false).await().atMost(Duration.ofSeconds(5));
        wireMock.resetAll();
        MyProtimeStubs.token(wireMock);
        MyProtimeStubs.noLeftovers(wireMock);
        wireMock.stubFor(MyProtimeStubs.createWebhook().willReturn(MyProtimeStubs.created("w-1", Instant.now().plus(Duration.ofHours(2)))));
        MyProtimeStubs.webhookStatus(wireMock, "w-1", "Enabled");
        wireMock.stubFor(get(urlEqualTo(GROUPS)).willReturn(aResponse().withStatus(503)));
        subscriptions.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> "SYNCING".equals(given().get("/subscription").path("state")));

        assertNotSynced(given().get("/absence-groups"));
        assertNotSynced(given().header("If-None-Match", "*").get("/absence-groups"));
        assertNotSynced(given().get("/absence-groups/1"));
        assertNotSynced(given().get("/absence-groups/changes"));
        assertNotSynced(given().accept("text/event-stream").get("/absence-groups/changes"));
        assertNotSynced(given().queryParam("watch", "true").queryParam("initial", "true").get("/absence-groups/changes"));
        // bad input is still told apart from the wait
        given().queryParam("lang", "n_l").get("/absence-groups").then().statusCode(400);
        given().get("/q/health/ready").then().statusCode(503);

        MyProtimeStubs.groups(wireMock, "1:0A", "2:0B");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/absence-groups").statusCode() == 200);
        Response list = given().get("/absence-groups");
        assertThat(list.jsonPath().getList("value.id", Integer.class), equalTo(java.util.List.of(1, 2)));
        given().get("/absence-groups/2").then().statusCode(200).body("changeVersion", equalTo("0B"));
        given().get("/absence-groups/changes").then().statusCode(200).body("value.data.id", hasItem(1));

        // later syncs that fail leave the copy readable: readiness, not the read API, says it may fall behind
        wireMock.stubFor(get(urlEqualTo(GROUPS)).willReturn(aResponse().withStatus(503)));
        subscriptions.stop(false).await().atMost(Duration.ofSeconds(5));
        given().get("/absence-groups").then().statusCode(200);
        given().get("/absence-groups/1").then().statusCode(200);
        given().get("/absence-groups/changes").then().statusCode(200);
    }
}
