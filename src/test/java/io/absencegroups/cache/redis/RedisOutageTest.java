package io.absencegroups.cache.redis;

import io.absencegroups.receiver.Deliveries;
import io.absencegroups.testing.TestRedis;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Redis goes away under the service and comes back: deliveries get 503 with Retry-After and change
 * nothing meanwhile, reads go on from this pod's copy, readiness says why it is DOWN, and afterwards
 * nothing applied before the outage is lost (the server keeps an append-only file).
 */
@QuarkusTest
@TestProfile(RedisOutageTest.OnOwnRedis.class)
class RedisOutageTest {

    public static class OnOwnRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("protime.store.backend", "redis", "protime.redis.retry-delay", "200ms",
                    "protime.redis.block-for", "500ms");
        }

        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(OwnRedisResource.class));
        }
    }

    /** A redis-server of this test's own, which the test stops and starts. */
    public static class OwnRedisResource implements QuarkusTestResourceLifecycleManager {
        static TestRedis.OwnServer server;

        @Override
        public Map<String, String> start() {
            try {
                server = new TestRedis.OwnServer();
                server.start();
            } catch (Exception e) {
                throw new IllegalStateException("could not start a redis-server for this test", e);
            }
            return Map.of("quarkus.redis.hosts", server.url());
        }

        @Override
        public void stop() {
            try {
                server.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void deliveriesGet503WhileRedisIsAwayAndNothingIsLostWhenItReturns() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        Deliveries.post(item(601, "0000000000000000B001", "before")).then().statusCode(200).body("applied", is(1));
        String etag = given().get("/absence-groups").then().extract().header("ETag");

        OwnRedisResource.server.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 503);
        given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'store' }.data.reason", containsString("does not follow the shared log"));
        Deliveries.post(item(602, "0000000000000000B002", "during")).then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("detail", containsString("nothing was applied"));
        given().get("/absence-groups/601").then().statusCode(200).body("name.default", equalTo("before"));
        given().get("/absence-groups/602").then().statusCode(404);
        given().get("/absence-groups").then().header("ETag", equalTo(etag));

        OwnRedisResource.server.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        // myProtime sends the refused delivery again
        Deliveries.post(item(602, "0000000000000000B002", "during")).then().statusCode(200).body("applied", is(1));
        Deliveries.post(item(601, "0000000000000000B001", "before")).then().statusCode(200).body("ignored", is(1));
        given().get("/absence-groups").then().body("value.id", org.hamcrest.Matchers.hasItems(601, 602));
    }

    private static String item(long id, String version, String name) {
        return "{\"changeType\":\"InsertOrUpdate\",\"data\":{\"id\":" + id + ",\"changeVersion\":\"" + version
                + "\",\"name\":{\"default\":\"" + name + "\",\"translations\":{}},\"type\":\"Absence\"}}";
    }
}
