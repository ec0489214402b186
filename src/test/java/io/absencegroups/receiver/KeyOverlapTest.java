package io.absencegroups.receiver;

import io.absencegroups.api.Problem;
import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.subscription.KeyRing;
import io.absencegroups.subscription.KeyRingProducer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Header;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.absencegroups.receiver.Deliveries.SIGNATURE_HEADER;
import static io.absencegroups.receiver.Deliveries.bytes;
import static io.absencegroups.receiver.Deliveries.upsert;
import static io.absencegroups.receiver.Deliveries.version;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A webhook replacement: both keys verify during the overlap, the old one stops after its grace.
 * Keys are added to the ring by injection, as the subscription lifecycle does, so there is no
 * {@code *IT} variant of this class (the packaged app's ring cannot be reached from a test).
 */
@QuarkusTest
class KeyOverlapTest {

    private static final byte[] OLD_KEY = bytes("old-webhook-key");
    private static final byte[] NEW_KEY = bytes("new-webhook-key");

    @Inject
    KeyRing keyRing;

    @Inject
    AbsenceGroupStore store;

    @AfterEach
    void dropTestKeys() {
        keyRing.remove("webhook-old");
        keyRing.remove("webhook-new");
    }

    private static Response post(String body, byte[] key) {
        byte[] bytes = bytes(body);
        return Deliveries.post(bytes, new Header(SIGNATURE_HEADER, SignatureVerifierTest.hmacHex(key, bytes)));
    }

    @Test
    void duringAnOverlapEitherKeyIsAcceptedAndOnceRetiredTheOldOneIsRefused() {
        keyRing.add("webhook-old", OLD_KEY);
        keyRing.add("webhook-new", NEW_KEY);

        post(upsert(40001, 1, "old key"), OLD_KEY).then().statusCode(200).body("applied", is(1));
        post(upsert(40001, 2, "new key"), NEW_KEY).then().statusCode(200).body("applied", is(1));

        keyRing.retireAfter("webhook-old", Duration.ofHours(1));
        post(upsert(40001, 3, "old key in its grace"), OLD_KEY).then().statusCode(200).body("applied", is(1));

        keyRing.retireAfter("webhook-old", Duration.ZERO);
        long position = store.position();
        post(upsert(40001, 4, "old key, retired"), OLD_KEY).then()
                .statusCode(401)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("does not match"));
        assertEquals(position, store.position(), "nothing applied");
        assertEquals(version(3), store.get(40001).orElseThrow().changeVersion().text());

        post(upsert(40001, 4, "new key"), NEW_KEY).then().statusCode(200).body("applied", is(1));
        assertEquals(version(4), store.get(40001).orElseThrow().changeVersion().text());
    }

    @Test
    void aKeyRemovedFromTheRingNoLongerVerifies() {
        keyRing.add("webhook-new", NEW_KEY);
        post(upsert(40002, 1, "accepted"), NEW_KEY).then().statusCode(200);

        keyRing.remove("webhook-new");

        post(upsert(40002, 2, "refused"), NEW_KEY).then().statusCode(401);
        assertEquals(version(1), store.get(40002).orElseThrow().changeVersion().text());
    }

    @Test
    void theStaticKeyIsInTheRingFromStartup() {
        assertTrue(keyRing.names().contains(KeyRingProducer.STATIC_KEY_NAME), keyRing.names().toString());
    }
}
