package io.absencegroups.receiver;

import io.absencegroups.testing.PrometheusMetrics;
import io.absencegroups.api.Problem;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.Header;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.absencegroups.receiver.Deliveries.bytes;
import static io.absencegroups.receiver.Deliveries.upsert;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A deployment that pins the signature header, gives its key in base64, moves the receiver to
 * another path and lowers the size limit.
 */
@QuarkusTest
@TestProfile(PinnedHeaderTest.Pinned.class)
class PinnedHeaderTest {

    private static final String PATH = "/hooks/protime";
    private static final String KEY_BASE64 = "SXQncyBhIFNlY3JldCB0byBFdmVyeWJvZHk=";
    /** What the base64 key decodes to. */
    private static final byte[] KEY = bytes("It's a Secret to Everybody");

    public static class Pinned implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "protime.webhook.path", PATH,
                    "protime.webhook.signature-header", "X-Protime-Signature",
                    "protime.webhook.key-encoding", "base64",
                    "protime.webhook.static-key", KEY_BASE64,
                    "%test.protime.webhook.static-key", KEY_BASE64,
                    "protime.webhook.max-body-size", "1K");
        }
    }

    private static Response post(byte[] body, String header, String signature) {
        return given().contentType("application/json").header(new Header(header, signature)).body(body).post(PATH);
    }

    private static String sign(byte[] key, byte[] body) {
        return SignatureVerifierTest.hmacHex(key, body);
    }

    @Test
    void aSignatureInThePinnedHeaderIsAccepted() {
        byte[] body = bytes(upsert(50001, 1, "pinned"));

        post(body, "x-protime-signature", sign(KEY, body)).then().statusCode(200).body("applied", is(1));
        given().get("/absence-groups/50001").then().statusCode(200).body("name.default", is("pinned"));
    }

    @Test
    void aValidSignatureInAnotherHeaderIsNotLookedAt() {
        byte[] body = bytes(upsert(50002, 1, "elsewhere"));

        post(body, "X-Hub-Signature-256", "sha256=" + sign(KEY, body)).then()
                .statusCode(401)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("carries no signature"));
        given().get("/absence-groups/50002").then().statusCode(404);
    }

    @Test
    void anUnreadablePinnedHeaderIsCountedAsSuch() {
        double before = PrometheusMetrics.value("absencegroups_webhook_signature_failures_total", "mode=\"enforce\"", "reason=\"unreadable\"");
        byte[] body = bytes(upsert(50003, 1, "unreadable"));

        post(body, "X-Protime-Signature", "t=1700000000,v1=abc").then().statusCode(401);

        assertEquals(before + 1,
                PrometheusMetrics.value("absencegroups_webhook_signature_failures_total", "mode=\"enforce\"", "reason=\"unreadable\""));
    }

    @Test
    void theKeyIsItsBase64DecodedBytes() {
        byte[] body = bytes(upsert(50004, 1, "encoding"));

        post(body, "X-Protime-Signature", sign(bytes(KEY_BASE64), body)).then()
                .statusCode(401)
                .body("detail", containsString("does not match"));
    }

    @Test
    void theSizeLimitIsASetting() {
        String item = upsert(50005, 1, "x".repeat(1024));

        post(bytes(item), "X-Protime-Signature", sign(KEY, bytes(item))).then()
                .statusCode(413)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("at most 1024 bytes"));
    }

    @Test
    void theDefaultPathIsNotTheReceiverHere() {
        byte[] body = bytes(upsert(50006, 1, "wrong path"));

        given().contentType("application/json").header("X-Protime-Signature", sign(KEY, body)).body(body)
                .post(Deliveries.PATH).then().statusCode(404);
        given().get("/absence-groups/50006").then().statusCode(404);
    }
}
