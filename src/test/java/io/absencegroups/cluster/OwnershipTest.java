package io.absencegroups.cluster;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.absencegroups.testing.InjectWireMock;
import io.absencegroups.testing.MyProtimeStubs;
import io.absencegroups.testing.TestRedis;
import io.absencegroups.testing.UpstreamTestProfile;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One pod on a shared store that another pod owned: while the other pod holds the lease this one
 * does not touch myProtime and shows the recorded subscription; once the lease is free it takes the
 * recorded webhook over (no new webhook), verifies deliveries with the recorded key, and records
 * the subscription itself.
 */
@QuarkusTest
@TestProfile(OwnershipTest.SharedSubscription.class)
class OwnershipTest {

    static final String PREFIX = TestRedis.uniquePrefix();
    static final String ADOPTED = "adopted-1";

    public static class SharedSubscription extends UpstreamTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("protime.store.backend", "redis");
            config.put("protime.redis.key-prefix", PREFIX);
            config.put("quarkus.redis.hosts", TestRedis.URL);
            config.put("protime.redis.lease-ttl", "3s");
            config.put("protime.redis.lease-renew-every", "500ms");
            config.put("protime.redis.record-every", "200ms");
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(io.absencegroups.testing.MyProtimeWireMock.class),
                    new TestResourceEntry(AnotherOwner.class));
        }
    }

    /** Before the service starts: another pod holds the lease and has recorded its webhook and key. */
    public static class AnotherOwner implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            Vertx vertx = Vertx.vertx();
            try {
                Redis redis = TestRedis.client(vertx, TestRedis.URL);
                Instant now = Instant.now();
                redis.send(Request.cmd(Command.SET).arg(PREFIX + ":lease").arg("old-pod").arg("PX").arg(120_000))
                        .await().atMost(Duration.ofSeconds(5));
                String key = Base64.getEncoder().encodeToString(MyProtimeStubs.keyOf(ADOPTED).getBytes(StandardCharsets.UTF_8));
                redis.send(Request.cmd(Command.HSET).arg(PREFIX + ":webhook")
                        .arg("owner").arg("old-pod").arg("state").arg("ACTIVE").arg("reason").arg("")
                        .arg("webhook").arg("{\"id\":\"" + ADOPTED + "\",\"createdAt\":\"" + now + "\",\"validUntil\":\""
                                + now.plus(Duration.ofHours(2)) + "\",\"status\":\"Enabled\",\"syncedAt\":\"" + now + "\"}")
                        .arg("keys").arg("[{\"name\":\"" + ADOPTED + "\",\"key\":\"" + key + "\",\"retiresAt\":null}]")
                        .arg("updatedAt").arg(now.plus(Duration.ofHours(1)).toString()))
                        .await().atMost(Duration.ofSeconds(5));
            } finally {
                vertx.closeAndAwait();
            }
            return Map.of();
        }

        @Override
        public void stop() {
        }
    }

    @InjectWireMock
    WireMockServer wireMock;

    @AfterAll
    static void cleanUp() {
        TestRedis.deleteAll(TestRedis.URL, PREFIX);
    }

    private static JsonPath subscription() {
        return given().get("/subscription").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aPodTakesTheRecordedWebhookOverWhenTheLeaseIsFree() throws Exception {
        MyProtimeStubs.token(wireMock);
        MyProtimeStubs.noLeftovers(wireMock);
        MyProtimeStubs.webhookStatus(wireMock, ADOPTED, "Enabled");
        MyProtimeStubs.groups(wireMock);

        // another pod owns the subscription: this one follows its record and its keys
        await().atMost(Duration.ofSeconds(30)).until(() -> ADOPTED.equals(subscription().getString("webhook.id")));
        JsonPath following = subscription();
        assertEquals(false, following.getBoolean("store.owner"));
        assertEquals("ACTIVE", following.getString("state"));
        signed(delivery(701, "0000000000000000C001"), MyProtimeStubs.keyOf(ADOPTED)).then().statusCode(200);
        assertEquals(0, MyProtimeStubs.apiRequests(wireMock).size(), "a pod that does not own the subscription calls no myProtime API");

        // the other pod is gone: its lease is released
        Vertx vertx = Vertx.vertx();
        try {
            Redis redis = TestRedis.client(vertx, TestRedis.URL);
            redis.send(Request.cmd(Command.DEL).arg(PREFIX + ":lease")).await().atMost(Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(30)).until(() -> subscription().getBoolean("store.owner"));
            JsonPath owning = subscription();
            assertEquals(ADOPTED, owning.getString("webhook.id"), "the recorded webhook is taken over");
            assertTrue(owning.getBoolean("ready"));
            wireMock.verify(0, postRequestedFor(urlEqualTo(MyProtimeStubs.WEBHOOKS)));
            signed(delivery(702, "0000000000000000C002"), MyProtimeStubs.keyOf(ADOPTED)).then().statusCode(200);

            String holder = owning.getString("store.pod");
            await().atMost(Duration.ofSeconds(10)).until(() -> holder.equals(redis.send(
                    Request.cmd(Command.HGET).arg(PREFIX + ":webhook").arg("owner")).await().atMost(Duration.ofSeconds(5)).toString()));
            assertEquals(holder, redis.send(Request.cmd(Command.GET).arg(PREFIX + ":lease")).await().atMost(Duration.ofSeconds(5)).toString());
        } finally {
            vertx.closeAndAwait();
        }
    }

    private static String delivery(long id, String version) {
        return "{\"changeType\":\"InsertOrUpdate\",\"data\":{\"id\":" + id + ",\"changeVersion\":\"" + version
                + "\",\"name\":{\"default\":\"g\",\"translations\":{}},\"type\":\"Absence\"}}";
    }

    private static io.restassured.response.Response signed(String body, String key) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return given().contentType("application/json").header("X-Protime-Signature", HexFormat.of().formatHex(mac.doFinal(bytes)))
                .body(bytes).post("/webhooks/absence-groups");
    }
}
