package io.absencegroups.access;

import io.absencegroups.testing.BearerAuthProfile;
import io.absencegroups.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import org.jboss.logmanager.ExtLogRecord;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * {@code protime.api.auth=bearer} over HTTP, with tokens minted by {@link TestTokens}: who gets in where,
 * and what a refusal looks like. {@link BearerAccessIT} runs the same against the packaged app.
 */
@QuarkusTest
@TestProfile(BearerAuthProfile.class)
class BearerAccessTest {

    /** {@code %test.protime.webhook.static-key}: signs test deliveries only. */
    private static final String WEBHOOK_KEY = "test-webhook-key-not-a-secret";

    private static ValidatableResponse get(String path, String token) {
        var request = given();
        if (token != null) {
            request.auth().oauth2(token);
        }
        return request.get(path).then();
    }

    private static void refused(ValidatableResponse response, int status, String challenge, String detail) {
        response.statusCode(status)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith(challenge))
                .body("status", is(status))
                .body("detail", containsString(detail));
    }

    @Test
    void withoutATokenTheReadApiAnswers401() {
        for (String path : new String[] {"/absence-groups", "/absence-groups/101", "/absence-groups/changes"}) {
            refused(get(path, null), 401, "Bearer", "role 'reader'");
        }
        // the watch stream is served by a route of its own: the same gate holds for it
        refused(given().accept("text/event-stream").when().get("/absence-groups/changes").then(), 401, "Bearer", "role 'reader'");
        refused(given().queryParam("watch", "true").when().get("/absence-groups/changes").then(), 401, "Bearer", "role 'reader'");
        refused(given().auth().oauth2(TestTokens.valid("operator")).accept("text/event-stream")
                .when().get("/absence-groups/changes").then(), 403, "Bearer", "role 'reader'");
    }

    @Test
    void theRenewalPingNeedsNoTokenAndTellsOnlyTheState() {
        // a PingSource or CronJob has no token; the answer holds no webhook id and no key
        given().post("/subscription/check").then().statusCode(202)
                .body("checked", is(false)).body("state", is("OFF")).body("size()", is(2));
    }

    @Test
    void aReaderReadsTheGroupsTheOneGroupAndTheFeed() {
        String reader = TestTokens.valid("reader");
        get("/absence-groups", reader).statusCode(200).body("value", org.hamcrest.Matchers.notNullValue());
        get("/absence-groups/changes", reader).statusCode(200).body("hasMore", is(false));
        // through the gate; the group just is not there
        get("/absence-groups/424242", reader).statusCode(404).contentType("application/problem+json");
    }

    @Test
    void theOperatorsPathsNeedTheOperatorRole() {
        String reader = TestTokens.valid("reader");
        refused(get("/subscription", reader), 403, "Bearer error=\"insufficient_scope\"", "role 'operator'");
        refused(get("/q/openapi", reader), 403, "Bearer", "role 'operator'");
        refused(get("/q/swagger-ui/", null), 401, "Bearer", "role 'operator'");
        refused(given().auth().oauth2(reader).post("/subscription/sync").then(), 403, "Bearer", "role 'operator'");

        String operator = TestTokens.valid("operator");
        get("/subscription", operator).statusCode(200).body("state", equalTo("OFF"));
        get("/q/openapi", operator).statusCode(200);
        // through the gate; the subscription is off in this profile
        given().auth().oauth2(operator).post("/subscription/replace").then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void eachRoleOpensOnlyItsOwnPaths() {
        refused(get("/absence-groups", TestTokens.valid("operator")), 403, "Bearer", "role 'reader'");
        refused(get("/absence-groups", TestTokens.valid()), 403, "Bearer", "role 'reader'");
        get("/absence-groups", TestTokens.valid("reader", "operator")).statusCode(200);
        get("/subscription", TestTokens.valid("reader", "operator")).statusCode(200);
    }

    @Test
    void aProvidersRoleNameIsMappedToReader() {
        get("/absence-groups", TestTokens.valid("hr-integration")).statusCode(200);
        refused(get("/subscription", TestTokens.valid("hr-integration")), 403, "Bearer", "role 'operator'");
    }

    @Test
    void anExpiredTokenIsRefused() {
        refused(get("/absence-groups", TestTokens.expired("reader")), 401, "Bearer error=\"invalid_token\"", "not accepted");
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() {
        refused(get("/absence-groups", TestTokens.fromIssuer("https://other-idp.example.test", "reader")), 401,
                "Bearer error=\"invalid_token\"", "another issuer");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        refused(get("/absence-groups", TestTokens.forAudience("another-service", "reader")), 401,
                "Bearer error=\"invalid_token\"", "another audience");
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() {
        refused(get("/absence-groups", TestTokens.signedByAnotherKey("reader")), 401, "Bearer error=\"invalid_token\"", "signature");
    }

    @Test
    void somethingThatIsNoTokenIsRefused() {
        refused(get("/absence-groups", "not-a-jwt"), 401, "Bearer error=\"invalid_token\"", "not accepted");
    }

    @Test
    void healthAndMetricsStayOpenAndIgnoreAnyToken() {
        for (String path : new String[] {"/q/health/live", "/q/health/ready", "/q/health/started", "/q/metrics"}) {
            get(path, null).statusCode(200);
            get(path, TestTokens.expired("reader")).statusCode(200);
        }
    }

    @Test
    void theReceiverStaysOpenAndChecksOnlyItsSignature() {
        String body = "{\"id\":9301,\"changeVersion\":\"00000000000000000001\",\"name\":{\"default\":\"Open door\"},\"type\":\"Absence\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        given().contentType("application/json").header("X-Protime-Signature", hmacHex(bytes)).body(bytes)
                .post("/webhooks/absence-groups").then().statusCode(200).body("applied", is(1));
        // a stray Authorization header is not the receiver's business
        given().contentType("application/json").header("X-Protime-Signature", hmacHex(bytes)).auth().oauth2("not-a-jwt")
                .body(bytes).post("/webhooks/absence-groups").then().statusCode(200).body("ignored", is(1));
        // and a token is no substitute for the signature
        given().contentType("application/json").auth().oauth2(TestTokens.valid("reader", "operator")).body(bytes)
                .post("/webhooks/absence-groups").then().statusCode(401);
        get("/absence-groups/9301", TestTokens.valid("reader")).statusCode(200).body("name.default", is("Open door"));
    }

    @Test
    void noTokenEverReachesTheLog() {
        // the profile turns quarkus-oidc and the HTTP security checks to DEBUG, the most they ever log
        List<String> tokens = List.of(TestTokens.valid("reader"), TestTokens.expired("reader"),
                TestTokens.fromIssuer("https://other-idp.example.test", "reader"), TestTokens.signedByAnotherKey("operator"),
                TestTokens.valid("operator"));
        List<String> logged = logDuring(() -> {
            for (String token : tokens) {
                get("/absence-groups", token);
                get("/subscription", token);
            }
        });
        assertThat("the log of the checks is seen", logged.stream().anyMatch(m -> m.contains("challenge")), is(true));
        for (String token : tokens) {
            String signature = token.substring(token.lastIndexOf('.') + 1);
            String payload = token.split("\\.")[1];
            for (String line : logged) {
                assertThat(line, not(containsString(signature)));
                assertThat(line, not(containsString(payload)));
            }
        }
    }

    /** What the service logged while {@code requests} ran: here, the records of this JVM's log manager. */
    protected List<String> logDuring(Runnable requests) {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
                logged.add(message + (record.getThrown() != null ? " " + record.getThrown() : ""));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            requests.run();
        } finally {
            root.removeHandler(capture);
        }
        return logged;
    }

    private static String hmacHex(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(WEBHOOK_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
