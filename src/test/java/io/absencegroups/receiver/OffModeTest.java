package io.absencegroups.receiver;

import io.absencegroups.testing.PrometheusMetrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.absencegroups.receiver.Deliveries.bytes;
import static io.absencegroups.receiver.Deliveries.post;
import static io.absencegroups.receiver.Deliveries.upsert;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** signature-mode=off (development only): no signature is checked, and none is counted as missing. */
@QuarkusTest
@TestProfile(OffModeTest.Off.class)
class OffModeTest {

    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("protime.webhook.signature-mode", "off");
        }
    }

    @Test
    void anUnsignedDeliveryIsAppliedWithoutACheck() {
        double enforced = PrometheusMetrics.value("absencegroups_webhook_signature_failures_total", "mode=\"enforce\"", "reason=\"missing\"");
        double reported = PrometheusMetrics.value("absencegroups_webhook_signature_failures_total", "mode=\"report\"", "reason=\"missing\"");

        post(bytes(upsert(70001, 1, "unchecked"))).then().statusCode(200).body("applied", is(1));

        given().get("/absence-groups/70001").then().statusCode(200).body("name.default", is("unchecked"));
        assertEquals(enforced, PrometheusMetrics.value("absencegroups_webhook_signature_failures_total", "mode=\"enforce\"", "reason=\"missing\""));
        assertEquals(reported, PrometheusMetrics.value("absencegroups_webhook_signature_failures_total", "mode=\"report\"", "reason=\"missing\""));
    }

    @Test
    void theOtherLimitsStillHold() {
        given().contentType("text/plain").body(bytes(upsert(70002, 1, "text"))).post(Deliveries.PATH).then().statusCode(415);
        post(new byte[0]).then().statusCode(400);
    }
}
