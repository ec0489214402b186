package io.absencegroups.receiver;

import io.absencegroups.testing.PrometheusMetrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.Header;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.absencegroups.receiver.Deliveries.SIGNATURE_HEADER;
import static io.absencegroups.receiver.Deliveries.bytes;
import static io.absencegroups.receiver.Deliveries.post;
import static io.absencegroups.receiver.Deliveries.upsert;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** signature-mode=report: deliveries without a valid signature are applied, and counted. */
@QuarkusTest
@TestProfile(ReportModeTest.Report.class)
class ReportModeTest {

    public static class Report implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("protime.webhook.signature-mode", "report");
        }
    }

    private static double failures(String reason) {
        return PrometheusMetrics.value("absencegroups_webhook_signature_failures_total", "mode=\"report\"", "reason=\"" + reason + "\"");
    }

    @Test
    void anUnsignedDeliveryIsAppliedAndCounted() {
        double missing = failures("missing");

        post(bytes(upsert(60001, 1, "unsigned"))).then().statusCode(200).body("applied", is(1));

        assertEquals(missing + 1, failures("missing"));
        given().get("/absence-groups/60001").then().statusCode(200).body("name.default", is("unsigned"));
    }

    @Test
    void aMismatchedDeliveryIsAppliedAndCounted() {
        double mismatch = failures("mismatch");
        byte[] body = bytes(upsert(60002, 1, "forged"));

        post(body, new Header(SIGNATURE_HEADER, SignatureVerifierTest.hmacHex(bytes("another key"), body)))
                .then().statusCode(200).body("applied", is(1));

        assertEquals(mismatch + 1, failures("mismatch"));
    }

    @Test
    void aValidSignatureIsNotAFailure() {
        double mismatch = failures("mismatch");
        double missing = failures("missing");

        Deliveries.post(upsert(60003, 1, "signed")).then().statusCode(200).body("applied", is(1));

        assertEquals(mismatch, failures("mismatch"));
        assertEquals(missing, failures("missing"));
    }

    @Test
    void badInputIsStillRefused() {
        post(bytes("{\"changeType\":\"Upsert\",\"data\":{\"id\":60004,\"changeVersion\":\"0A\"}}")).then().statusCode(400);
        given().get("/absence-groups/60004").then().statusCode(404);
    }
}
