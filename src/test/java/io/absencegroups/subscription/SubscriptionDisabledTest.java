package io.absencegroups.subscription;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * The test profile's default: {@code protime.subscription.enabled=false}. No upstream exists, and the
 * service must still be ready, live and started, and say why. Checked over HTTP only, so
 * {@link SubscriptionDisabledIT} runs it against the packaged jar.
 */
@QuarkusTest
class SubscriptionDisabledTest {

    @Test
    void subscriptionSaysItIsOffAndShowsNoWebhookOrKey() {
        given().get("/subscription").then()
                .statusCode(200)
                .contentType("application/json")
                .body("state", is("OFF"))
                .body("ready", is(true))
                .body("webhook", nullValue())
                .body("replacement", nullValue())
                .body("lastFullSync", nullValue())
                // the test profile's static key (protime.webhook.static-key) is listed by name, never by value
                .body("keys", contains("static"))
                .body(not(containsString("test-webhook-key-not-a-secret")));
    }

    @Test
    void readinessIsNotHeldDownByADisabledSubscription() {
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.find { it.name == 'subscription' }.status", is("UP"))
                .body("checks.find { it.name == 'subscription' }.data.state", is("OFF"))
                .body("checks.find { it.name == 'subscription' }.data.reason", containsString("protime.subscription.enabled=false"));
    }

    @Test
    void livenessAndStartedAreUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        given().get("/q/health/started").then().statusCode(200)
                .body("checks.find { it.name == 'subscription-launched' }.status", is("UP"));
    }
}
