package io.absencegroups.receiver;

import io.absencegroups.testing.PrometheusMetrics;
import io.absencegroups.api.Problem;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Header;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.function.Supplier;

import static io.absencegroups.receiver.Deliveries.PATH;
import static io.absencegroups.receiver.Deliveries.SIGNATURE_HEADER;
import static io.absencegroups.receiver.Deliveries.TEST_KEY;
import static io.absencegroups.receiver.Deliveries.bytes;
import static io.absencegroups.receiver.Deliveries.delete;
import static io.absencegroups.receiver.Deliveries.group;
import static io.absencegroups.receiver.Deliveries.post;
import static io.absencegroups.receiver.Deliveries.sign;
import static io.absencegroups.receiver.Deliveries.upsert;
import static io.absencegroups.receiver.Deliveries.version;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The receiver over HTTP, with the test profile's static key. Everything is set up and checked
 * through HTTP, so {@link WebhookReceiverIT} runs the same tests against the packaged app.
 * Each test uses its own ids (10xxx) so the tests do not depend on each other's order.
 */
@QuarkusTest
class WebhookReceiverTest {

    /** A delivery whose signature under the test key was computed independently, with openssl. */
    static final String FIXED_BODY = "{\"changeType\":\"InsertOrUpdate\",\"data\":{\"id\":10001,\"changeVersion\":"
            + "\"0000090200004BD0000A\",\"name\":{\"default\":\"Sick\",\"translations\":{\"nl\":\"Ziek\",\"fr\":\"Malade\"}},"
            + "\"type\":\"Absence\"}}";
    /** printf '%s' "$FIXED_BODY" | openssl dgst -sha256 -hmac test-webhook-key-not-a-secret */
    static final String FIXED_HEX = "f7ca3f106addfb4693d68437e17905efffefd3f04d4b4bcfaeea08cfc3cc4d24";
    /** printf '%s' "$FIXED_BODY" | openssl dgst -sha256 -hmac test-webhook-key-not-a-secret -binary | base64 */
    static final String FIXED_BASE64 = "98o/EGrd+0aT1oQ34XkF7//v0/BNS0vPruoIz8PMTSQ=";

    // --- accepted deliveries ---

    @Test
    void theFixedVectorIsAcceptedWithAHexAndWithABase64Signature() {
        post(bytes(FIXED_BODY), new Header(SIGNATURE_HEADER, FIXED_HEX))
                .then().statusCode(200)
                .contentType("application/json")
                .body("applied", is(1)).body("ignored", is(0));
        post(bytes(FIXED_BODY), new Header(SIGNATURE_HEADER, "sha256=" + FIXED_BASE64))
                .then().statusCode(200)
                .body("applied", is(0)).body("ignored", is(1));

        given().get("/absence-groups/10001").then().statusCode(200)
                .body("changeVersion", is("0000090200004BD0000A"))
                .body("name.default", is("Sick"))
                .body("name.translations.fr", is("Malade"));
    }

    @Test
    void anyHeaderMayCarryTheSignature() {
        byte[] body = bytes(upsert(10010, 1, "Training"));

        post(body, new Header("X-Hub-Signature-256", "sha256=" + sign(body))).then().statusCode(200).body("applied", is(1));
    }

    @Test
    void anArrayAValueListAndABareGroupAreAccepted() {
        post("[" + upsert(10020, 1, "A") + "," + upsert(10021, 1, "B") + "]")
                .then().statusCode(200).body("applied", is(2)).body("ignored", is(0));
        post("{\"value\":[" + upsert(10022, 1, "C") + "," + delete(10020, 2) + "],\"nextLink\":null}")
                .then().statusCode(200).body("applied", is(2));
        post(group(10023, 1, "D")).then().statusCode(200).body("applied", is(1));

        given().get("/absence-groups/10020").then().statusCode(404);
        given().get("/absence-groups/10021").then().statusCode(200).body("name.default", is("B"));
        given().get("/absence-groups/10022").then().statusCode(200).body("name.default", is("C"));
        given().get("/absence-groups/10023").then().statusCode(200).body("name.default", is("D"));
    }

    @Test
    void aLargeDeliveryThatArrivesInManyChunksIsAppliedWhole() {
        // about 60 KiB: Netty hands the body over in chunks of at most 8 KiB
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < 400; i++) {
            items.append(i == 0 ? "" : ",").append(upsert(10200 + i, 1, "Group " + i));
        }
        byte[] body = bytes(items.append(']').toString());
        assertTrue(body.length > 6 * 8192, "the body must span several chunks");

        post(body, new Header(SIGNATURE_HEADER, sign(body)))
                .then().statusCode(200).body("applied", is(400)).body("ignored", is(0));

        given().get("/absence-groups/10200").then().statusCode(200).body("name.default", is("Group 0"));
        given().get("/absence-groups/10599").then().statusCode(200).body("name.default", is("Group 399"));
    }

    @Test
    void unknownFieldsAndTypesPassThroughToTheApi() {
        post("{\"changeType\":\"InsertOrUpdate\",\"sentAt\":\"2025-03-01T10:00:00Z\",\"data\":{\"id\":10030,"
                + "\"changeVersion\":\"" + version(1) + "\",\"name\":{\"default\":\"Hybrid\",\"short\":\"HY\"},"
                + "\"type\":\"HybridWork\",\"colour\":\"#00ff00\"}}")
                .then().statusCode(200).body("applied", is(1));

        given().get("/absence-groups/10030").then().statusCode(200)
                .body("type", is("HybridWork"))
                .body("colour", is("#00ff00"))
                .body("name.short", is("HY"));
    }

    @Test
    void aDeliveryWithoutContentTypeIsReadAsJson() throws Exception {
        byte[] body = bytes(upsert(10040, 1, "Untyped"));
        try (RawHttp http = new RawHttp()) {
            // an HTTP client library would add a Content-Type of its own
            http.send("POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\n" + SIGNATURE_HEADER + ": " + sign(body)
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n");
            http.send(body);

            RawHttp.Reply reply = http.read();

            assertEquals(200, reply.status(), reply.body());
            assertEquals("{\"applied\":1,\"ignored\":0}", reply.body());
        }
    }

    @Test
    void aClientThatExpectsContinueIsToldToSendItsBody() throws Exception {
        byte[] body = bytes(upsert(10041, 1, "Continued"));
        try (RawHttp http = new RawHttp()) {
            http.send("POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + SIGNATURE_HEADER + ": " + sign(body) + "\r\nExpect: 100-continue\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n");

            assertEquals(100, http.read().status());
            http.send(body);
            RawHttp.Reply reply = http.read();

            assertEquals(200, reply.status(), reply.body());
            assertEquals("{\"applied\":1,\"ignored\":0}", reply.body());
        }
    }

    // --- out of order, duplicate, stale ---

    @Test
    void outOfOrderDuplicateAndStaleDeliveriesEndInTheNewestState() {
        post(upsert(10050, 3, "third")).then().statusCode(200).body("applied", is(1));
        post(upsert(10050, 1, "first")).then().statusCode(200).body("applied", is(0)).body("ignored", is(1));
        post(upsert(10050, 3, "third")).then().statusCode(200).body("applied", is(0)).body("ignored", is(1));
        post(upsert(10050, 2, "second")).then().statusCode(200).body("ignored", is(1));

        given().get("/absence-groups/10050").then().statusCode(200)
                .body("changeVersion", is(version(3)))
                .body("name.default", is("third"));
    }

    @Test
    void aDeleteIsNotResurrectedByAnOlderUpsert() {
        post(upsert(10060, 1, "one")).then().statusCode(200).body("applied", is(1));
        post(delete(10060, 3)).then().statusCode(200).body("applied", is(1));
        post(upsert(10060, 2, "two, late")).then().statusCode(200).body("applied", is(0)).body("ignored", is(1));

        given().get("/absence-groups/10060").then().statusCode(404);

        post(upsert(10060, 4, "four")).then().statusCode(200).body("applied", is(1));
        given().get("/absence-groups/10060").then().statusCode(200).body("name.default", is("four"));
    }

    @Test
    void theChangesFeedShowsWhatDeliveriesApplied() {
        String cursor = given().get("/absence-groups").then().statusCode(200).extract().path("cursor");
        post("[" + upsert(10070, 0x7000, "feed") + "," + delete(10071, 0x7001) + "]").then().statusCode(200);

        given().queryParam("after", cursor).get("/absence-groups/changes").then().statusCode(200)
                .body("value.find { it.data.id == 10070 }.changeType", is("InsertOrUpdate"))
                .body("value.find { it.data.id == 10071 }.changeType", is("Delete"));
    }

    // --- refused deliveries: status, problem+json, and nothing changed ---

    private static void refusedWithoutChange(Supplier<Response> send, int status, String detail) {
        StoreState before = StoreState.read();

        send.get().then()
                .statusCode(status)
                .contentType(Problem.MEDIA_TYPE)
                .body("status", is(status))
                .body("title", equalTo(Problem.of(status, null).title()))
                .body("detail", containsString(detail));

        assertEquals(before, StoreState.read(), "a refused delivery must change nothing");
    }

    @Test
    void anEmptyBodyIsRefused() {
        byte[] empty = new byte[0];
        refusedWithoutChange(() -> post(empty, new Header(SIGNATURE_HEADER, sign(empty))), 400, "empty body");
    }

    @Test
    void aContentTypeThatIsNotJsonIsRefused() {
        byte[] body = bytes(upsert(10100, 1, "text"));
        refusedWithoutChange(() -> given().contentType("text/plain").header(SIGNATURE_HEADER, sign(body)).body(body)
                .post(PATH), 415, "application/json");
        given().get("/absence-groups/10100").then().statusCode(404);
    }

    @Test
    void aBodyOverTheLimitIsRefused() {
        // a valid, signed delivery, padded with an unknown field to one byte over 256 KiB
        String head = "{\"changeType\":\"InsertOrUpdate\",\"padding\":\"";
        String tail = "\",\"data\":" + group(10110, 1, "big") + "}";
        byte[] body = bytes(head + "x".repeat(256 * 1024 + 1 - head.length() - tail.length()) + tail);
        assertEquals(256 * 1024 + 1, body.length);

        refusedWithoutChange(() -> post(body, new Header(SIGNATURE_HEADER, sign(body))), 413, "at most 262144 bytes");
        given().get("/absence-groups/10110").then().statusCode(404);
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsSent() throws Exception {
        StoreState before = StoreState.read();
        try (RawHttp http = new RawHttp()) {
            http.send("POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1048576\r\n\r\n");

            RawHttp.Reply reply = http.read(); // not one body byte was sent

            assertEquals(413, reply.status());
            assertEquals(Problem.MEDIA_TYPE, reply.headers().get("content-type"));
            assertEquals("close", reply.headers().get("connection"));
            assertTrue(reply.body().contains("at most 262144 bytes"), reply.body());
        }
        assertEquals(before, StoreState.read());
    }

    @Test
    void aDeclaredLengthOverQuarkussOwnLimitIsRefusedByQuarkus() throws Exception {
        // quarkus.http.limits.max-body-size (10 MiB) guards every route, before this one runs
        try (RawHttp http = new RawHttp()) {
            http.send("POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 104857600\r\n\r\n");

            assertEquals(413, http.read().status());
        }
    }

    @Test
    void aChunkedBodyIsRefusedOnceItPassesTheLimit() throws Exception {
        StoreState before = StoreState.read();
        try (RawHttp http = new RawHttp()) {
            http.send("POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            byte[] chunk = new byte[16 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            for (int sent = 0; sent <= 256 * 1024; sent += chunk.length) {
                http.sendChunk(chunk);
            }

            RawHttp.Reply reply = http.read();
            assertEquals(413, reply.status());
            assertEquals("close", reply.headers().get("connection"));

            http.send("0\r\n\r\n");
            assertTrue(http.closedByServer(), "after a refused body the connection is closed");
        }
        assertEquals(before, StoreState.read());
    }

    @Test
    void aDeliveryWithoutSignatureIsRefused() {
        byte[] body = bytes(upsert(10120, 1, "unsigned"));
        refusedWithoutChange(() -> post(body), 401, "carries no signature");
    }

    @Test
    void aDeliverySignedWithAnotherKeyIsRefused() {
        byte[] body = bytes(upsert(10121, 1, "forged"));
        String forged = SignatureVerifierTest.hmacHex(bytes("not-" + TEST_KEY), body);
        refusedWithoutChange(() -> post(body, new Header(SIGNATURE_HEADER, forged)), 401, "does not match");
    }

    @Test
    void aSignatureOfTheReserialisedBodyIsRefused() {
        String compact = upsert(10122, 1, "spaced");
        String reserialised = compact.replace(",", ", ").replace(":", ": ");
        refusedWithoutChange(() -> post(bytes(reserialised), new Header(SIGNATURE_HEADER, sign(bytes(compact)))),
                401, "does not match");
    }

    @Test
    void aBodyWithOneFlippedByteIsRefused() {
        byte[] body = bytes(upsert(10123, 1, "flip"));
        String signature = sign(body);
        byte[] flipped = body.clone();
        flipped[flipped.length - 5] ^= 0x01; // inside "Absence"
        refusedWithoutChange(() -> post(flipped, new Header(SIGNATURE_HEADER, signature)), 401, "does not match");
    }

    @Test
    void aMalformedSignatureHeaderIsNoSignature() {
        byte[] body = bytes(upsert(10124, 1, "junk"));
        refusedWithoutChange(() -> post(body, new Header(SIGNATURE_HEADER, "sha256=not-hex-at-all")), 401, "carries no signature");
    }

    @Test
    void anUnknownChangeTypeIsRefused() {
        refusedWithoutChange(() -> post("{\"changeType\":\"Upsert\",\"data\":" + group(10130, 1, "x") + "}"),
                400, "'changeType' must be InsertOrUpdate or Delete, got 'Upsert'");
        given().get("/absence-groups/10130").then().statusCode(404);
    }

    @Test
    void anItemWithoutIdIsRefused() {
        refusedWithoutChange(() -> post("{\"changeType\":\"InsertOrUpdate\",\"data\":{\"changeVersion\":\"" + version(1) + "\"}}"),
                400, "needs an integer 'id'");
    }

    @Test
    void anItemWithoutChangeVersionIsRefused() {
        refusedWithoutChange(() -> post("{\"changeType\":\"Delete\",\"data\":{\"id\":10131}}"),
                400, "needs a 'changeVersion'");
    }

    @Test
    void aMalformedChangeVersionIsRefused() {
        refusedWithoutChange(() -> post("{\"changeType\":\"InsertOrUpdate\",\"data\":{\"id\":10132,\"changeVersion\":\"v1.2\"}}"),
                400, "hexadecimal");
    }

    @Test
    void aBodyThatIsNotJsonIsRefused() {
        refusedWithoutChange(() -> post("changeType=Delete&id=10133"), 400, "Unrecognized token");
    }

    @Test
    void aDeliveryIsAppliedAllOrNothing() {
        refusedWithoutChange(() -> post("[" + upsert(10140, 1, "good") + ",{\"changeType\":\"Delete\",\"data\":{\"id\":10141}}]"),
                400, "item 2: ");
        given().get("/absence-groups/10140").then().statusCode(404);
    }

    @Test
    void otherMethodsOnTheReceiverPathAreRefused() {
        given().get(PATH).then().statusCode(405)
                .header("Allow", "POST")
                .contentType(Problem.MEDIA_TYPE)
                .body("status", is(405));
    }

    // --- observability ---

    @Test
    void deliveriesAreCountedByOutcome() {
        double applied = PrometheusMetrics.value("absencegroups_webhook_deliveries_total", "outcome=\"applied\"");
        double ignored = PrometheusMetrics.value("absencegroups_webhook_deliveries_total", "outcome=\"ignored\"");
        double badSignature = PrometheusMetrics.value("absencegroups_webhook_deliveries_total", "outcome=\"rejected\"", "reason=\"signature\"");
        double missing = PrometheusMetrics.value("absencegroups_webhook_signature_failures_total", "mode=\"enforce\"", "reason=\"missing\"");
        double deletesApplied = PrometheusMetrics.value("absencegroups_webhook_items_total", "change_type=\"Delete\"", "result=\"applied\"");
        double stale = PrometheusMetrics.value("absencegroups_webhook_items_total", "change_type=\"InsertOrUpdate\"", "result=\"stale\"");
        double bodies = PrometheusMetrics.value("absencegroups_webhook_body_size_bytes_count");

        post("[" + upsert(10150, 2, "two") + "," + delete(10151, 1) + "]").then().statusCode(200);
        post(upsert(10150, 1, "one")).then().statusCode(200).body("ignored", is(1));
        post(bytes(upsert(10150, 3, "unsigned"))).then().statusCode(401);

        assertEquals(applied + 1, PrometheusMetrics.value("absencegroups_webhook_deliveries_total", "outcome=\"applied\""));
        assertEquals(ignored + 1, PrometheusMetrics.value("absencegroups_webhook_deliveries_total", "outcome=\"ignored\""));
        assertEquals(badSignature + 1,
                PrometheusMetrics.value("absencegroups_webhook_deliveries_total", "outcome=\"rejected\"", "reason=\"signature\""));
        assertEquals(missing + 1, PrometheusMetrics.value("absencegroups_webhook_signature_failures_total", "mode=\"enforce\"", "reason=\"missing\""));
        assertEquals(deletesApplied + 1, PrometheusMetrics.value("absencegroups_webhook_items_total", "change_type=\"Delete\"", "result=\"applied\""));
        assertEquals(stale + 1, PrometheusMetrics.value("absencegroups_webhook_items_total", "change_type=\"InsertOrUpdate\"", "result=\"stale\""));
        assertEquals(bodies + 3, PrometheusMetrics.value("absencegroups_webhook_body_size_bytes_count"));
        assertTrue(PrometheusMetrics.value("absencegroups_webhook_keys") >= 1, "the static key is in the ring");
    }

    @Test
    void theReceiverIsInTheOpenApiDocument() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'" + PATH + "'.post.responses.'401'.description", containsString("signature"))
                .body("paths.'/absence-groups'.get", org.hamcrest.Matchers.notNullValue());
    }
}
