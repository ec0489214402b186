package io.absencegroups.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.absencegroups.simulator.DeliverySender;
import io.absencegroups.simulator.SimulatedTenant;
import io.absencegroups.testing.PrometheusMetrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.not;

/**
 * The whole loop over real HTTP, with the embedded simulator as the tenant: token, webhook
 * creation, full sync, signed deliveries with duplicates and shuffles, replacement of the
 * webhook before it expires, store, API. The simulator's webhooks live 20 s, so a run of
 * changes spans at least one replacement.
 */
@QuarkusTest
@TestProfile(EndToEndTest.AgainstTheSimulator.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {

    /** The service's own port: the simulator's URLs must be known before the app starts. */
    private static final int PORT = freePort();
    /** How many random changes the first scenario makes, besides its "save all" bursts. */
    private static final int K = 240;

    public static class AgainstTheSimulator implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String base = "http://localhost:" + PORT;
            Map<String, String> config = new TreeMap<>();
            config.put("quarkus.http.test-port", String.valueOf(PORT));
            config.put("protime.subscription.enabled", "true");
            config.put("protime.subscription.destination-url", base + "/webhooks/absence-groups");
            config.put("protime.subscription.check-interval", "1s");
            config.put("protime.subscription.key-grace-period", "5s");
            config.put("protime.subscription.initial-retry-delay", "1s");
            config.put("protime.upstream.base-url", base + "/simulator/connector/protimeapi/api/v1/");
            config.put("protime.upstream.user-agent", "AbsenceGroupsCache/test (EndToEndTest)");
            config.put("quarkus.oidc-client.token-path", base + "/simulator/tenants/demo/connect/token");
            config.put("quarkus.oidc-client.client-id", "simulator-client");
            config.put("quarkus.oidc-client.credentials.client-secret.value", "simulator-secret");
            config.put("protime.simulator.webhook-lifetime", "20s");
            config.put("protime.simulator.auto-change", "false");
            config.put("protime.simulator.duplicate-percent", "25");
            return config;
        }
    }

    @Inject
    SimulatedTenant tenant;

    @Inject
    DeliverySender sender;

    @Inject
    ObjectMapper mapper;

    @Test
    @Order(1)
    void theStoreFollowsTheTenantThroughDuplicatesShufflesBurstsAndAReplacement() throws Exception {
        awaitReady();
        assertApiEqualsTheTenant();
        String firstWebhook = given().get("/subscription").then().extract().path("webhook.id");
        double ignoredBefore = itemsIgnored();

        long started = System.nanoTime();
        try (FeedFollower follower = new FeedFollower(mapper)) {
            for (int i = 0; i < K; i++) {
                sender.deliver(tenant.randomChange());
                if (i == K / 3 || i == 2 * K / 3) {
                    sender.deliver(tenant.saveAllNow());
                }
                Thread.sleep(100); // spread the changes over the webhook's 20 s life and its replacement
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> sender.inFlight() == 0);
            assertApiEqualsTheTenant();
            assertThat("a consumer that followed the feed through the churn has the tenant's groups",
                    follower.caughtUp(), equalTo(tenantGroups()));
            System.out.printf("end-to-end: %d random changes + 2 save-all bursts in %d ms; simulator %s; follower %s%n",
                    K, (System.nanoTime() - started) / 1_000_000, sender.stats(), follower.stats());
        }

        Response subscription = given().get("/subscription");
        subscription.then().statusCode(200)
                .body("ready", equalTo(true))
                .body("webhook.id", not(equalTo(firstWebhook)))
                .body("counters.replacements", greaterThanOrEqualTo(1)) // a renewal before validUntil
                .body("counters.webhooksCreated", greaterThanOrEqualTo(2))
                .body("counters.webhooksDeleted", greaterThanOrEqualTo(1))
                .body("lastFullSync.outcome", equalTo("COMPLETE"));
        assertThat(subscription.asString().contains("\"key\""), equalTo(false));

        long duplicatesSent = sender.stats().get("duplicatesSent");
        assertThat(duplicatesSent, greaterThan(0L));
        assertThat("every duplicate the simulator sent was seen and dropped",
                itemsIgnored() - ignoredBefore, greaterThanOrEqualTo((double) duplicatesSent));
    }

    @Test
    @Order(2)
    void changesMissedWhileNoWebhookDeliversAreFoundByTheNextFullSync() throws Exception {
        awaitReady();
        try (FeedFollower follower = new FeedFollower(mapper)) {
            tenant.pauseDeliveries(true);
            try {
                for (int i = 0; i < 40; i++) {
                    sender.deliver(tenant.randomChange()); // nothing is delivered: these are missed
                }
                sender.deliver(tenant.deleteOne()); // a missed delete: only reconciliation can remove it
            } finally {
                tenant.pauseDeliveries(false);
            }
            assertThat("the missed changes are not in the store yet", apiGroups(), not(equalTo(tenantGroups())));

            // myProtime disables a webhook whose deliveries failed; the service must replace it and sync
            tenant.disableWebhooks();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(apiGroups(), equalTo(tenantGroups())));
            awaitReady();
            assertThat("the follower gets what the full sync found, the missed delete included",
                    follower.caughtUp(), equalTo(tenantGroups()));
        }
    }

    private void awaitReady() {
        await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    private void assertApiEqualsTheTenant() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(apiGroups(), equalTo(tenantGroups())));
    }

    /** The groups as the service's API shows them. */
    private JsonNode apiGroups() throws IOException {
        return mapper.readTree(given().get("/absence-groups").then().statusCode(200).extract().asString()).get("value");
    }

    /** The tenant's truth, in the same JSON shape (both are sorted by id), read back as the API's is. */
    private JsonNode tenantGroups() throws IOException {
        return mapper.readTree(mapper.writeValueAsString(List.copyOf(tenant.truth().values())));
    }

    /** Items the receiver ignored as duplicate or stale, from its metrics. */
    private static double itemsIgnored() {
        double ignored = 0;
        for (String changeType : List.of("InsertOrUpdate", "Delete")) {
            for (String result : List.of("duplicate", "stale")) {
                ignored += PrometheusMetrics.value("absencegroups_webhook_items_total",
                        "change_type=\"" + changeType + "\"", "result=\"" + result + "\"");
            }
        }
        return ignored;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
