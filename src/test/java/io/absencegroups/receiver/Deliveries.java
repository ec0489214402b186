package io.absencegroups.receiver;

import io.restassured.http.Header;
import io.restassured.response.Response;

import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;

/** Builds, signs and sends deliveries the way myProtime would, with the test profile's static key. */
public final class Deliveries {

    /** {@code %test.protime.webhook.static-key} in application.properties. */
    static final String TEST_KEY = "test-webhook-key-not-a-secret";
    static final String PATH = "/webhooks/absence-groups";
    static final String SIGNATURE_HEADER = "X-Protime-Signature";

    private Deliveries() {
    }

    /** A changeVersion in myProtime's format: 20 upper-case hex digits. */
    static String version(long n) {
        return String.format("%020X", n);
    }

    static String group(long id, long version, String name) {
        return "{\"id\":" + id + ",\"changeVersion\":\"" + version(version) + "\",\"name\":{\"default\":\"" + name
                + "\",\"translations\":{\"nl\":\"" + name + "-nl\"}},\"type\":\"Absence\"}";
    }

    static String upsert(long id, long version, String name) {
        return "{\"changeType\":\"InsertOrUpdate\",\"data\":" + group(id, version, name) + "}";
    }

    static String delete(long id, long version) {
        return "{\"changeType\":\"Delete\",\"data\":{\"id\":" + id + ",\"changeVersion\":\"" + version(version) + "\"}}";
    }

    static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    static String sign(byte[] body) {
        return SignatureVerifierTest.hmacHex(bytes(TEST_KEY), body);
    }

    /** POSTs {@code body} signed with the test key, as application/json. */
    public static Response post(String body) {
        byte[] bytes = bytes(body);
        return post(bytes, new Header(SIGNATURE_HEADER, sign(bytes)));
    }

    static Response post(byte[] body, Header... headers) {
        var request = given().contentType("application/json").body(body);
        for (Header header : headers) {
            request.header(header);
        }
        return request.when().post(PATH);
    }
}
