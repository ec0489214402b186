package io.absencegroups.subscription;

import io.absencegroups.testing.MutableClock;
import io.absencegroups.upstream.CreatedWebhook;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same key text gives the same HMAC key whether it came in myProtime's 201 or was configured as
 * {@code protime.webhook.static-key}: both paths fill the one key ring through one decoder.
 */
class KeyDecodingTest {

    private static final Instant T0 = Instant.parse("2025-03-24T10:00:00Z");
    private static final byte[] FB_FF_01_FF = {(byte) 0xFB, (byte) 0xFF, 0x01, (byte) 0xFF};
    private static final String HEX = "3f1c6a528d8e4c559a3e6f0d2b7c1e90";

    static Stream<Arguments> keys() {
        return Stream.of(
                Arguments.of("utf8", HEX, HEX.getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("utf8", "+/8B/w==", "+/8B/w==".getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("utf8", "pa55-wörd", "pa55-wörd".getBytes(StandardCharsets.UTF_8)),
                // hex digits are base64 characters too: as base64, 32 of them are 24 bytes
                Arguments.of("base64", HEX, Base64.getDecoder().decode(HEX)),
                Arguments.of("base64", "+/8B/w==", FB_FF_01_FF),
                Arguments.of("base64", "+/8B/w", FB_FF_01_FF),
                Arguments.of("base64", "-_8B_w==", FB_FF_01_FF),
                Arguments.of("base64", "-_8B_w", FB_FF_01_FF));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("keys")
    void aKeyFromThe201AndTheSameTextAsStaticKeyGiveTheSameBytes(String encoding, String text, byte[] expected) {
        WebhookKeyConfig config = WebhookKeyConfigTest.read(Map.of(
                "protime.webhook.key-encoding", encoding, "protime.webhook.static-key", text));
        MutableClock clock = new MutableClock(T0);
        KeyRing ring = new KeyRingProducer().keyRing(clock, config);

        FakeUpstream upstream = new FakeUpstream(clock);
        upstream.creates.add(new CreatedWebhook("w1", text, T0.plus(Duration.ofDays(7))));
        FakeTimer timer = new FakeTimer(clock);
        new SubscriptionLifecycle(upstream, upstream, ring, config::decode, clock, timer, timer,
                TestSettings.REPLACEMENT, outcome -> { }).start();

        assertEquals(List.of(KeyRingProducer.STATIC_KEY_NAME, "w1"), ring.names());
        byte[] fromStatic = ring.activeKeys().get(0).spec().getEncoded();
        byte[] from201 = ring.activeKeys().get(1).spec().getEncoded();
        assertArrayEquals(expected, fromStatic);
        assertArrayEquals(expected, from201);
    }
}
