package io.absencegroups.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/** Stubs of myProtime's endpoints, in the shapes {@code myprotime-api.md} describes. */
public final class MyProtimeStubs {

    public static final String WEBHOOKS = MyProtimeWireMock.API + "webhooks";
    public static final String GROUPS = MyProtimeWireMock.API + "absence-groups";

    private MyProtimeStubs() {
    }

    /** The token endpoint: a different random token on every request, valid 30 minutes. */
    public static void token(WireMockServer wireMock) {
        wireMock.stubFor(post(urlPathEqualTo(MyProtimeWireMock.TOKEN)).willReturn(okJson(
                "{\"access_token\":\"tok-{{randomValue length=16 type='ALPHANUMERIC'}}\",\"expires_in\":1800,\"token_type\":\"Bearer\"}")
                .withTransformers("response-template")));
    }

    /** No webhooks left by an earlier run. */
    public static void noLeftovers(WireMockServer wireMock) {
        wireMock.stubFor(get(urlPathEqualTo(WEBHOOKS)).willReturn(okJson("{\"value\":[]}")));
    }

    public static ResponseDefinitionBuilder created(String id, Instant validUntil) {
        return aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withHeader("Location", "http://tenant.example" + WEBHOOKS + "/" + id)
                .withBody("{\"webhookKey\":\"" + keyOf(id) + "\",\"validUntil\":\"" + validUntil + "\"}");
    }

    /** The key the stubs hand out for a webhook: never to be seen in a response of the service. */
    public static String keyOf(String id) {
        return "secret-key-of-" + id;
    }

    public static MappingBuilder createWebhook() {
        return post(urlEqualTo(WEBHOOKS));
    }

    public static void webhookStatus(WireMockServer wireMock, String id, String status) {
        wireMock.stubFor(get(urlEqualTo(WEBHOOKS + "/" + id)).willReturn(okJson(
                "{\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"validUntil\":\"2030-01-01T00:00:00+00:00\","
                        + "\"destinationUrl\":\"" + UpstreamTestProfile.DESTINATION + "\",\"collectionName\":\"absence-groups\"}")));
    }

    public static void deletable(WireMockServer wireMock, String id) {
        wireMock.stubFor(delete(urlEqualTo(WEBHOOKS + "/" + id)).willReturn(aResponse().withStatus(204)));
    }

    /** One page of groups; each group is {@code id:version}. */
    public static String page(String nextLink, String... groups) {
        StringBuilder body = new StringBuilder("{\"value\":[");
        for (int i = 0; i < groups.length; i++) {
            String[] parts = groups[i].split(":");
            body.append(i == 0 ? "" : ",")
                    .append("{\"id\":").append(parts[0]).append(",\"changeVersion\":\"").append(parts[1])
                    .append("\",\"name\":{\"default\":\"Group ").append(parts[0])
                    .append("\",\"translations\":{\"nl\":\"Groep ").append(parts[0]).append("\"}},\"type\":\"Absence\"}");
        }
        body.append("]");
        if (nextLink != null) {
            body.append(",\"nextLink\":\"").append(nextLink).append("\"");
        }
        return body.append("}").toString();
    }

    /** A listing of one page. */
    public static void groups(WireMockServer wireMock, String... groups) {
        wireMock.stubFor(get(urlEqualTo(GROUPS)).willReturn(okJson(page(null, groups))));
    }

    /** The requests to myProtime's API (not the token endpoint), oldest first. */
    public static List<LoggedRequest> apiRequests(WireMockServer wireMock) {
        return wireMock.findAll(anyRequestedFor(urlPathMatching(MyProtimeWireMock.API + ".*"))).stream()
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                .toList();
    }
}
