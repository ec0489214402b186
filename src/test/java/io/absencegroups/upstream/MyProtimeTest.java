package io.absencegroups.upstream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.absencegroups.subscription.SubscriptionManager;
import io.absencegroups.testing.InjectWireMock;
import io.absencegroups.testing.MyProtimeStubs;
import io.absencegroups.testing.MyProtimeWireMock;
import io.absencegroups.testing.PrometheusMetrics;
import io.absencegroups.testing.UpstreamTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.absencegroups.testing.MyProtimeStubs.WEBHOOKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The upstream client against WireMock: tokens, User-Agent, retries, Retry-After, the circuit breaker,
 * paging links and the tolerant 201. The subscription is stopped so only the test's calls reach WireMock.
 */
@QuarkusTest
@TestProfile(UpstreamTestProfile.class)
class MyProtimeTest {

    private static final String W1 = WEBHOOKS + "/w1";
    private static final String W1_BODY = "{\"id\":\"w1\",\"status\":\"Enabled\",\"validUntil\":\"2030-01-01T00:00:00Z\"}";

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    MyProtime myProtime;

    @Inject
    SubscriptionManager subscriptions;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void setUp() {
        subscriptions.stop(false).await().atMost(Duration.ofSeconds(5));
        wireMock.resetAll();
        breakers.resetAll();
        MyProtimeStubs.token(wireMock);
    }

    @AfterEach
    void resetBreaker() {
        breakers.resetAll();
    }

    private static <T> T await(Uni<T> call) {
        return call.await().atMost(Duration.ofSeconds(20));
    }

    private static Throwable failure(Uni<?> call) {
        try {
            call.await().atMost(Duration.ofSeconds(20));
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    /** A call that makes sure a token is cached, then a clean request log. */
    private void warmUp() {
        wireMock.stubFor(get(urlEqualTo(W1)).willReturn(okJson(W1_BODY)));
        await(myProtime.webhook("w1"));
        wireMock.resetRequests();
    }

    private List<LoggedRequest> tokenRequests() {
        return wireMock.findAll(postRequestedFor(urlPathEqualTo(MyProtimeWireMock.TOKEN)));
    }

    @Test
    void aTokenIsReusedAcrossCallsAndEveryCallCarriesItAndTheUserAgent() {
        warmUp();
        MyProtimeStubs.groups(wireMock, "1:01");

        for (int i = 0; i < 10; i++) {
            assertEquals("Enabled", await(myProtime.webhook("w1")).status());
            assertEquals(1, await(myProtime.absenceGroups(null)).groups().size());
        }

        assertEquals(0, tokenRequests().size(), "never a token per call");
        List<LoggedRequest> calls = MyProtimeStubs.apiRequests(wireMock);
        assertEquals(20, calls.size());
        Set<String> bearers = calls.stream().map(r -> r.getHeader("Authorization")).collect(Collectors.toSet());
        assertEquals(1, bearers.size(), "one token for both clients: " + bearers);
        assertTrue(bearers.iterator().next().startsWith("Bearer tok-"), bearers.toString());
        assertTrue(calls.stream().allMatch(r -> UpstreamTestProfile.USER_AGENT.equals(r.getHeader("User-Agent"))));
    }

    @Test
    void a401GetsOneFreshTokenAndOneRetry() {
        warmUp();
        wireMock.stubFor(get(urlEqualTo(W1)).inScenario("expired").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(401)).willSetStateTo("refreshed"));
        wireMock.stubFor(get(urlEqualTo(W1)).inScenario("expired").whenScenarioStateIs("refreshed")
                .willReturn(okJson(W1_BODY)));

        assertEquals("w1", await(myProtime.webhook("w1")).id());

        List<LoggedRequest> calls = MyProtimeStubs.apiRequests(wireMock);
        assertEquals(2, calls.size());
        assertNotEquals(calls.get(0).getHeader("Authorization"), calls.get(1).getHeader("Authorization"),
                "the retry carries the fresh token");
        List<LoggedRequest> tokens = tokenRequests();
        assertEquals(1, tokens.size());
        String form = tokens.get(0).getBodyAsString();
        assertTrue(form.contains("grant_type=client_credentials"), form);
        assertTrue(form.contains("client_id=test-client"), form);
        assertTrue(form.contains("client_secret="), form);
        assertTrue(form.contains("scope=connector-protimeapi-webhooks.read+connector-protimeapi-webhooks.write+connector-protimeapi-absence-groups.read")
                || form.contains("scope=connector-protimeapi-webhooks.read%20connector-protimeapi-webhooks.write%20connector-protimeapi-absence-groups.read"), form);
        assertEquals(UpstreamTestProfile.USER_AGENT, tokens.get(0).getHeader("User-Agent"));
    }

    @Test
    void aSecond401InARowIsNotRetriedAgain() {
        warmUp();
        wireMock.stubFor(get(urlEqualTo(W1)).willReturn(aResponse().withStatus(401)));

        UpstreamException e = assertInstanceOf(UpstreamException.class, failure(myProtime.webhook("w1")));

        assertEquals(401, e.status());
        assertEquals(2, MyProtimeStubs.apiRequests(wireMock).size());
        assertEquals(1, tokenRequests().size());
    }

    @Test
    void a429WithRetryAfterIsHonoured() {
        warmUp();
        wireMock.stubFor(get(urlEqualTo(W1)).inScenario("throttled").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withBody("{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"slow down\"}}"))
                .willSetStateTo("later"));
        wireMock.stubFor(get(urlEqualTo(W1)).inScenario("throttled").whenScenarioStateIs("later").willReturn(okJson(W1_BODY)));

        assertEquals("w1", await(myProtime.webhook("w1")).id());

        List<LoggedRequest> calls = MyProtimeStubs.apiRequests(wireMock);
        assertEquals(2, calls.size());
        // a lower bound: the retry cannot come sooner than Retry-After (the backoff alone is at most 100 ms here)
        long waited = calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime();
        assertTrue(waited >= 1000, "waited " + waited + " ms");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 403, 404})
    void clientErrorsAreNotRetried(int status) {
        warmUp();
        wireMock.stubFor(get(urlEqualTo(W1)).willReturn(aResponse().withStatus(status)
                .withBody("{\"error\":{\"code\":\"Refused\",\"message\":\"status " + status + "\"}}")));

        UpstreamException e = assertInstanceOf(UpstreamException.class, failure(myProtime.webhook("w1")));

        assertEquals(status, e.status());
        assertTrue(e.getMessage().contains("Refused: status " + status), e.getMessage());
        assertEquals(1, MyProtimeStubs.apiRequests(wireMock).size());
    }

    @Test
    void serverErrorsAndTimeoutsAreRetriedUntilOneSucceeds() {
        warmUp();
        double serverErrors = PrometheusMetrics.value("absencegroups_upstream_calls_total", "operation=\"get-webhook\"", "outcome=\"server_error\"");
        double timeouts = PrometheusMetrics.value("absencegroups_upstream_calls_total", "operation=\"get-webhook\"", "outcome=\"timeout\"");
        double successes = PrometheusMetrics.value("absencegroups_upstream_calls_total", "operation=\"get-webhook\"", "outcome=\"success\"");
        wireMock.stubFor(get(urlEqualTo(W1)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("500"));
        wireMock.stubFor(get(urlEqualTo(W1)).inScenario("flaky").whenScenarioStateIs("500")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("slow"));
        wireMock.stubFor(get(urlEqualTo(W1)).inScenario("flaky").whenScenarioStateIs("slow")
                .willReturn(okJson(W1_BODY).withFixedDelay(3000)).willSetStateTo("ok"));
        wireMock.stubFor(get(urlEqualTo(W1)).inScenario("flaky").whenScenarioStateIs("ok").willReturn(okJson(W1_BODY)));

        assertEquals("w1", await(myProtime.webhook("w1")).id());

        assertEquals(4, MyProtimeStubs.apiRequests(wireMock).size());
        assertEquals(serverErrors + 2, PrometheusMetrics.value("absencegroups_upstream_calls_total", "operation=\"get-webhook\"", "outcome=\"server_error\""));
        assertEquals(timeouts + 1, PrometheusMetrics.value("absencegroups_upstream_calls_total", "operation=\"get-webhook\"", "outcome=\"timeout\""));
        assertEquals(successes + 1, PrometheusMetrics.value("absencegroups_upstream_calls_total", "operation=\"get-webhook\"", "outcome=\"success\""));
    }

    @Test
    void anOutageOpensTheCircuitBreakerSoCallsStopPilingUp() {
        warmUp();
        wireMock.stubFor(get(urlEqualTo(W1)).willReturn(aResponse().withStatus(503)));

        for (int i = 0; i < 3; i++) {
            assertInstanceOf(UpstreamException.class, failure(myProtime.webhook("w1")));
        }
        assertEquals(12, MyProtimeStubs.apiRequests(wireMock).size(), "3 calls of 4 attempts each");
        assertEquals(CircuitBreakerState.OPEN, breakers.currentState(UpstreamGuard.NAME));

        assertInstanceOf(CircuitBreakerOpenException.class, failure(myProtime.absenceGroups(null)));
        assertEquals(12, MyProtimeStubs.apiRequests(wireMock).size(), "an open breaker makes no call, for any operation");
        assertEquals(1.0, PrometheusMetrics.value("absencegroups_upstream_circuit_open"));
    }

    @Test
    void aNextLinkIsFollowedOnTheTenantHostWithoutReEncoding() {
        warmUp();
        String next = MyProtimeWireMock.API + "absence-groups?continuationToken=abc%3D%3D&top=2";
        wireMock.stubFor(get(urlEqualTo(next)).willReturn(okJson(MyProtimeStubs.page(null, "3:03"))));

        GroupPage page = await(myProtime.absenceGroups(next));

        assertEquals(3, page.groups().get(0).id());
        wireMock.verify(1, getRequestedFor(urlEqualTo(next)));
    }

    @Test
    void aNextLinkToAnotherHostIsNotFollowed() {
        warmUp();

        Throwable e = failure(myProtime.absenceGroups("https://elsewhere.example/steal?token=1"));

        assertInstanceOf(MalformedUpstreamResponse.class, e);
        assertTrue(MyProtimeStubs.apiRequests(wireMock).isEmpty());
    }

    @Test
    void createSendsDestinationAndCollectionAndReadsTheTolerant201() {
        warmUp();
        Instant validUntil = Instant.parse("2030-03-31T10:30:00Z");
        wireMock.stubFor(MyProtimeStubs.createWebhook().willReturn(MyProtimeStubs.created("new-1", validUntil)));

        CreatedWebhook created = await(myProtime.createWebhook("https://cache.example.test/hook", "absence-groups"));

        assertEquals("new-1", created.id(), "from Location");
        assertEquals(MyProtimeStubs.keyOf("new-1"), created.key());
        assertEquals(validUntil, created.validUntil());
        wireMock.verify(postRequestedFor(urlEqualTo(WEBHOOKS))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"destinationUrl\":\"https://cache.example.test/hook\",\"collectionName\":\"absence-groups\"}")));
    }

    @Test
    void aCreateRefusedWith400IsNotRetriedAndCarriesTheValidationErrors() {
        warmUp();
        wireMock.stubFor(MyProtimeStubs.createWebhook().willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"validationErrors\":[{\"field\":\"destinationUrl\",\"message\":\"must be https\"}]}")));

        UpstreamException e = assertInstanceOf(UpstreamException.class,
                failure(myProtime.createWebhook("http://insecure.example/hook", "absence-groups")));

        assertEquals(400, e.status());
        assertEquals("destinationUrl: must be https", e.upstreamError());
        assertEquals(1, MyProtimeStubs.apiRequests(wireMock).size());
    }
}
