package io.absencegroups.simulator;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/** The simulated tenant speaks myProtime's API: tokens, webhooks, paged lists, errors. */
@QuarkusTest
class SimulatorApiTest {

    private static final String API = "/simulator/connector/protimeapi/api/v1";
    private static final String UA = "absence-groups-cache-test/1.0 (Test)";

    @Inject
    SimulatedTenant tenant;

    @AfterEach
    void noOutage() {
        tenant.outageFor(Duration.ZERO);
    }

    private static String token() {
        return given().formParam("grant_type", "client_credentials")
                .formParam("client_id", "simulator-client").formParam("client_secret", "simulator-secret")
                .formParam("scope", "connector-protimeapi-absence-groups.read")
                .post("/simulator/tenants/demo/connect/token")
                .then().statusCode(200).body("token_type", equalTo("Bearer")).body("expires_in", equalTo(1800))
                .extract().path("access_token");
    }

    private static io.restassured.specification.RequestSpecification api() {
        return given().header("Authorization", "Bearer " + token()).header("User-Agent", UA);
    }

    @Test
    void tokenEndpointChecksTheClient() {
        given().auth().preemptive().basic("simulator-client", "simulator-secret").formParam("grant_type", "client_credentials")
                .post("/simulator/tenants/demo/connect/token").then().statusCode(200).body("access_token", startsWith("sim-"));
        given().formParam("grant_type", "client_credentials").formParam("client_id", "simulator-client")
                .formParam("client_secret", "wrong").post("/simulator/tenants/demo/connect/token").then().statusCode(401);
    }

    @Test
    void callsNeedATokenAndAUserAgent() {
        given().header("User-Agent", UA).get(API + "/absence-groups").then().statusCode(401)
                .body("error.code", equalTo("Unauthorized"));
        given().header("User-Agent", UA).header("Authorization", "Bearer nope").get(API + "/absence-groups").then().statusCode(401);
        given().header("Authorization", "Bearer " + token()).header("User-Agent", "").get(API + "/absence-groups")
                .then().statusCode(400).body("error.code", equalTo("MissingUserAgent"));
    }

    @Test
    void webhookLifecycle() {
        Response created = api().contentType(ContentType.JSON)
                .body(Map.of("destinationUrl", "https://example.com/hook", "collectionName", "absence-groups"))
                .post(API + "/webhooks");
        created.then().statusCode(201).header("Location", startsWith("/simulator" + "/connector/protimeapi/api/v1/webhooks/"))
                .body("key", notNullValue()).body("status", equalTo("Enabled"));
        String id = created.path("id");
        OffsetDateTime validUntil = OffsetDateTime.parse(created.path("validUntil"));
        assertThat(validUntil.toInstant().isAfter(java.time.Instant.now()), equalTo(true));

        api().get(API + "/webhooks/" + id).then().statusCode(200).body("status", equalTo("Enabled"))
                .body("key", equalTo(null));
        api().get(API + "/webhooks").then().statusCode(200).body("value.id", hasItem(id));
        tenant.disableWebhooks();
        api().get(API + "/webhooks/" + id).then().statusCode(200).body("status", equalTo("Disabled"));
        api().queryParam("filter", "status eq 'Disabled'").get(API + "/webhooks").then().body("value.id", hasItem(id));
        api().delete(API + "/webhooks/" + id).then().statusCode(204);
        api().get(API + "/webhooks/" + id).then().statusCode(404).body("error.code", equalTo("NotFound"));
    }

    @Test
    void badWebhookRequestsAre400() {
        api().contentType(ContentType.JSON).body(Map.of("destinationUrl", "https://example.com/hook", "collectionName", "employees"))
                .post(API + "/webhooks").then().statusCode(400).body("validationErrors[0].code", equalTo("InvalidCollection"));
        api().contentType(ContentType.JSON).body(Map.of("destinationUrl", "not a url", "collectionName", "absence-groups"))
                .post(API + "/webhooks").then().statusCode(400).body("validationErrors[0].code", equalTo("InvalidDestinationUrl"));
    }

    @Test
    void listIsPagedWithAnEmptyPageInTheMiddle() {
        List<Integer> ids = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String next = API + "/absence-groups";
        while (next != null) {
            Response page = api().get(next);
            page.then().statusCode(200);
            List<Integer> pageIds = page.jsonPath().getList("value.id", Integer.class);
            pageSizes.add(pageIds.size());
            ids.addAll(pageIds);
            next = page.path("nextLink");
        }
        assertThat(pageSizes.get(1), equalTo(0));
        assertThat(pageSizes.size(), greaterThan(2));
        assertThat(ids, equalTo(tenant.truth().keySet().stream().map(Long::intValue).toList()));
    }

    @Test
    void outageAnswers503() {
        String token = token();
        tenant.outageFor(Duration.ofMinutes(1));
        given().header("Authorization", "Bearer " + token).header("User-Agent", UA).get(API + "/absence-groups")
                .then().statusCode(503).header("Retry-After", notNullValue()).body("error.code", equalTo("ServiceUnavailable"));
        given().post("/simulator/control/outage?for=soon").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void saveAllResendsEveryGroupWithNewVersions() {
        Map<Long, io.absencegroups.cache.AbsenceGroup> before = tenant.truth();
        tenant.saveAllNow();
        Map<Long, io.absencegroups.cache.AbsenceGroup> after = tenant.truth();
        assertThat(after.keySet(), equalTo(before.keySet()));
        for (Long id : before.keySet()) {
            assertThat(after.get(id).changeVersion().isAfter(before.get(id).changeVersion()), equalTo(true));
            assertThat(after.get(id).name(), equalTo(before.get(id).name()));
        }
        assertThat(before.keySet(), org.hamcrest.Matchers.not(empty()));
    }
}
