package io.absencegroups.cache.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.ApplyResult;
import io.absencegroups.cache.Groups;
import io.absencegroups.cache.StoreLimits;
import io.absencegroups.cache.wiring.StoreBackend;
import io.absencegroups.receiver.Deliveries;
import io.absencegroups.testing.TestRedis;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service with {@code protime.store.backend=redis}: deliveries through the signed receiver go to
 * Redis and are served from this pod's copy; a change that another pod wrote shows up here; readiness
 * holds the store check.
 */
@QuarkusTest
@TestProfile(RedisBackendTest.OnRedis.class)
class RedisBackendTest {

    static final String PREFIX = TestRedis.uniquePrefix();

    public static class OnRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("protime.store.backend", "redis",
                    "protime.redis.key-prefix", PREFIX,
                    "quarkus.redis.hosts", TestRedis.URL);
        }
    }

    @Inject
    ObjectMapper mapper;

    @Inject
    StoreBackend backend;

    @AfterAll
    static void cleanUp() {
        TestRedis.deleteAll(TestRedis.URL, PREFIX);
    }

    @Test
    void deliveriesGoToRedisAndAreServedFromThisPodsCopy() {
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/ready").then().body("checks.find { it.name == 'store' }.data.backend", equalTo("redis"));

        Deliveries.post("[" + item(501, "0000000000000000A001", "on redis") + "," + item(502, "0000000000000000A002", "also") + "]")
                .then().statusCode(200).body("applied", is(2));
        Deliveries.post(item(501, "0000000000000000A001", "on redis")).then().statusCode(200).body("ignored", is(1));
        // deliveries are taken on event loops, and each loop made a client of the application client's options
        assertTrue(backend.sharedStore().orElseThrow().loopClients() > 0, "the apply script went through a loop's own client");
        given().get("/absence-groups/501").then().statusCode(200).body("name.default", equalTo("on redis"));

        Vertx vertx = Vertx.vertx();
        try {
            Redis redis = TestRedis.client(vertx, TestRedis.URL);
            assertEquals(2L, redis.send(Request.cmd(Command.XLEN).arg(PREFIX + ":log")).await().atMost(Duration.ofSeconds(5)).toLong());

            // another pod, on the same Redis, changes a group: this pod's copy follows
            AbsenceGroupStore otherCopy = new AbsenceGroupStore(Clock.systemUTC(), new StoreLimits(100, Duration.ofDays(1)));
            SharedStore otherPod = new SharedStore(redis, vertx, null, SharedStoreTest.config(PREFIX), otherCopy, mapper, Clock.systemUTC());
            otherPod.start();
            try {
                await().atMost(Duration.ofSeconds(20)).until(otherPod::replicating);
                assertEquals(ApplyResult.APPLIED, otherPod.writer().apply(Groups.upsert(502, 0xA003L)).toCompletableFuture().join());
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/absence-groups/502").then()
                        .body("changeVersion", equalTo(Groups.version(0xA003L).text())));
                String cursorHere = given().get("/absence-groups").then().extract().path("cursor");
                assertEquals(otherCopy.cursor().text(), cursorHere, "the same cursor on every pod");
            } finally {
                otherPod.stop();
            }
        } finally {
            vertx.closeAndAwait();
        }
    }

    private static String item(long id, String version, String name) {
        return "{\"changeType\":\"InsertOrUpdate\",\"data\":{\"id\":" + id + ",\"changeVersion\":\"" + version
                + "\",\"name\":{\"default\":\"" + name + "\",\"translations\":{}},\"type\":\"Absence\"}}";
    }
}
