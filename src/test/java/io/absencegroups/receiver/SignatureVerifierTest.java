package io.absencegroups.receiver;

import io.absencegroups.testing.MutableClock;
import io.absencegroups.subscription.KeyRing;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignatureVerifierTest {

    private static final byte[] KEY = "It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    /** Computed independently: printf '%s' 'Hello, World!' | openssl dgst -sha256 -hmac "It's a Secret to Everybody" */
    private static final String HEX = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    /** The same digest, base64 (openssl ... -binary | base64). */
    private static final String BASE64 = "dXEH6g6yUJ/CESIczphLijdXC211hsIsRvQ3nIsEPhc=";
    /** The signature of "Hello,  World!" (one more space): a re-serialised body. */
    private static final String HEX_OF_RESERIALISED = "f650e0a53a3c0c274d30bda6fcb0d1c0c20ad25fc4c6e96d4050c7c944d9b3a2";

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
    private final KeyRing ring = new KeyRing(clock);
    private final SignatureVerifier anyHeader = new SignatureVerifier(ring, null);

    private static List<Map.Entry<String, String>> headers(String... nameValue) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Content-Type", "application/json"));
        headers.add(Map.entry("Host", "cache.example.com"));
        for (int i = 0; i < nameValue.length; i += 2) {
            headers.add(Map.entry(nameValue[i], nameValue[i + 1]));
        }
        return headers;
    }

    private Verdict check(SignatureVerifier verifier, byte[] body, String... headers) {
        return verifier.verify(headers(headers), body, 0, body.length);
    }

    @Test
    void theFixedVectorIsAcceptedInHexAndInBase64() {
        ring.add("webhook-1", KEY);

        Verdict hex = check(anyHeader, BODY, "X-Signature", HEX);
        Verdict base64 = check(anyHeader, BODY, "X-Signature", BASE64);
        Verdict prefixed = check(anyHeader, BODY, "X-Hub-Signature-256", "sha256=" + HEX);

        assertEquals(new Verdict(Verdict.Outcome.VALID, "X-Signature", "webhook-1", 1), hex);
        assertEquals(new Verdict(Verdict.Outcome.VALID, "X-Signature", "webhook-1", 1), base64);
        assertEquals(new Verdict(Verdict.Outcome.VALID, "X-Hub-Signature-256", "webhook-1", 1), prefixed);
    }

    @Test
    void theBodyMayBeASliceOfALargerArray() {
        ring.add("webhook-1", KEY);
        byte[] framed = "xx{Hello, World!}yy".getBytes(StandardCharsets.UTF_8);

        Verdict verdict = anyHeader.verify(headers("X-Signature", HEX), framed, 3, BODY.length);

        assertTrue(verdict.valid(), verdict.toString());
    }

    @Test
    void aSignatureOfTheReserialisedBodyIsRefused() {
        ring.add("webhook-1", KEY);

        Verdict verdict = check(anyHeader, BODY, "X-Signature", HEX_OF_RESERIALISED);

        assertEquals(Verdict.Outcome.MISMATCH, verdict.outcome());
    }

    @Test
    void oneFlippedByteInTheBodyIsRefused() {
        ring.add("webhook-1", KEY);
        byte[] flipped = BODY.clone();
        flipped[7] ^= 0x01;

        assertEquals(Verdict.Outcome.MISMATCH, check(anyHeader, flipped, "X-Signature", HEX).outcome());
    }

    @Test
    void oneFlippedBitInTheSignatureIsRefused() {
        ring.add("webhook-1", KEY);
        String flipped = HEX.substring(0, 63) + "6"; // ...17 -> ...16

        assertEquals(Verdict.Outcome.MISMATCH, check(anyHeader, BODY, "X-Signature", flipped).outcome());
    }

    @Test
    void aDeliveryWithoutAnythingLikeASignatureIsMissing() {
        ring.add("webhook-1", KEY);

        Verdict verdict = check(anyHeader, BODY, "X-Request-Id", "3f2a1c");

        assertEquals(Verdict.Outcome.MISSING, verdict.outcome());
        assertEquals("no header carries an HMAC-SHA256 signature (hex or base64)", verdict.reason(null));
    }

    @Test
    void withAnEmptyRingNothingVerifies() {
        Verdict verdict = check(anyHeader, BODY, "X-Signature", HEX);

        assertEquals(new Verdict(Verdict.Outcome.MISMATCH, null, null, 0), verdict);
        assertEquals("there is no webhook key yet to check the signature with", verdict.reason(null));
    }

    @Test
    void anyHeaderFindsTheSignatureAmongOthersThatLookLikeOne() {
        ring.add("webhook-1", KEY);

        Verdict verdict = check(anyHeader, BODY,
                "X-Trace", "0000000000000000000000000000000000000000000000000000000000000000",
                "x-protime-signature", HEX);

        assertEquals("x-protime-signature", verdict.header());
    }

    @Test
    void aPinnedHeaderIsTheOnlyOneRead() {
        ring.add("webhook-1", KEY);
        SignatureVerifier pinned = new SignatureVerifier(ring, "X-Protime-Signature");

        assertTrue(check(pinned, BODY, "x-protime-signature", HEX).valid(), "header names are case-insensitive");
        Verdict elsewhere = check(pinned, BODY, "X-Other-Signature", HEX);
        assertEquals(Verdict.Outcome.MISSING, elsewhere.outcome());
        assertEquals("no X-Protime-Signature header", elsewhere.reason("X-Protime-Signature"));
        Verdict unreadable = check(pinned, BODY, "X-Protime-Signature", "not-a-signature");
        assertEquals(Verdict.Outcome.UNREADABLE, unreadable.outcome());
    }

    @Test
    void eitherKeyVerifiesDuringAnOverlapAndTheRetiredOneStopsAfterItsGrace() {
        byte[] newKey = "the-new-webhook-key".getBytes(StandardCharsets.UTF_8);
        ring.add("old", KEY);
        ring.add("new", newKey);
        String signedWithNew = hmacHex(newKey, BODY);

        assertEquals("old", check(anyHeader, BODY, "X-Signature", HEX).keyName());
        assertEquals("new", check(anyHeader, BODY, "X-Signature", signedWithNew).keyName());

        ring.retireAfter("old", Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(9));
        assertTrue(check(anyHeader, BODY, "X-Signature", HEX).valid(), "still in its grace period");

        clock.advance(Duration.ofMinutes(1));
        assertEquals(new Verdict(Verdict.Outcome.MISMATCH, null, null, 1), check(anyHeader, BODY, "X-Signature", HEX));
        assertTrue(check(anyHeader, BODY, "X-Signature", signedWithNew).valid());
    }

    @Test
    void aReplacedKeyIsPickedUpByAThreadThatAlreadyVerified() {
        ring.add("webhook", KEY);
        assertTrue(check(anyHeader, BODY, "X-Signature", HEX).valid());

        byte[] replacement = "replacement".getBytes(StandardCharsets.UTF_8);
        ring.add("webhook", replacement);

        assertEquals(Verdict.Outcome.MISMATCH, check(anyHeader, BODY, "X-Signature", HEX).outcome());
        assertTrue(check(anyHeader, BODY, "X-Signature", hmacHex(replacement, BODY)).valid());
    }

    @Test
    void concurrentVerificationsEachGetTheRightAnswer() throws Exception {
        ring.add("webhook-1", KEY);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                byte[] body = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                boolean good = i % 3 != 0;
                String signature = good ? hmacHex(KEY, body) : hmacHex(KEY, BODY);
                tasks.add(() -> check(anyHeader, body, "X-Signature", signature).valid() == good);
            }
            for (Future<Boolean> result : pool.invokeAll(tasks)) {
                assertTrue(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** An independent HMAC for bodies the fixed vector does not cover. */
    static String hmacHex(byte[] key, byte[] body) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
