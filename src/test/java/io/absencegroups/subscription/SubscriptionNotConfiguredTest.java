package io.absencegroups.subscription;

import io.absencegroups.testing.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The subscription is on but nothing tells it where myProtime is: the service boots, serves the read
 * API, stays live, and readiness and {@code /subscription} name every missing setting.
 */
@QuarkusTest
@TestProfile(SubscriptionNotConfiguredTest.Enabled.class)
class SubscriptionNotConfiguredTest {

    /** Enabled, with the credentials of the test profile but no base URL, user agent, destination or token URL. */
    public static class Enabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("protime.subscription.enabled", "true");
        }
    }

    @Test
    void readinessIsDownAndNamesWhatToSet() {
        given().get("/q/health/ready").then()
                .statusCode(503)
                .body("checks.find { it.name == 'subscription' }.data.state", is("NOT_CONFIGURED"))
                .body("checks.find { it.name == 'subscription' }.data.reason", allOf(
                        containsString("protime.upstream.base-url (PROTIME_UPSTREAM_BASE_URL)"),
                        containsString("protime.upstream.user-agent"),
                        containsString("protime.subscription.destination-url"),
                        containsString("quarkus.oidc-client.token-path"),
                        not(containsString("quarkus.oidc-client.client-id")),
                        not(containsString("test-secret"))));
    }

    /** SmallRye Health logs every DOWN probe at INFO (SRHCK01001); a probe every few seconds must not flood the log. */
    @Test
    void aDownProbeIsNotLogged() {
        List<String> messages;
        try (LogCapture health = LogCapture.of("io.smallrye.health")) {
            for (int i = 0; i < 3; i++) {
                given().get("/q/health/ready").then().statusCode(503);
            }
            java.util.logging.Logger.getLogger("io.smallrye.health").warning("a warning still gets through");
            messages = health.messages();
        }
        assertTrue(messages.stream().noneMatch(m -> m.contains("SRHCK01001")), messages.toString());
        assertEquals(List.of("a warning still gets through"), messages, "the capture sees what the category lets through");
    }

    @Test
    void readsAre503AndSayWhatToSet() {
        for (String path : new String[] {"/absence-groups", "/absence-groups/1", "/absence-groups/changes"}) {
            given().get(path).then()
                    .statusCode(503)
                    .header("Retry-After", "5")
                    .contentType("application/problem+json")
                    .body("detail", allOf(containsString("first full sync has not finished"),
                            containsString("NOT_CONFIGURED"), containsString("protime.upstream.base-url")));
        }
    }

    @Test
    void theServiceStaysUp() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/started").then().statusCode(200);
        given().get("/subscription").then().statusCode(200)
                .body("state", is("NOT_CONFIGURED"))
                .body("ready", is(false));
    }
}
