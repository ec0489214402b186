package io.absencegroups.subscription;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webhook key from the 201, as HMAC key bytes. */
class KeyDecoderTest {

    @Test
    void utf8TakesTheTextsBytes() {
        assertArrayEquals("pa55-wörd".getBytes(StandardCharsets.UTF_8), KeyDecoder.decode("pa55-wörd", "utf8"));
        assertArrayEquals("k".getBytes(StandardCharsets.UTF_8), KeyDecoder.decode("k", "UTF-8"));
    }

    @Test
    void base64DecodesStandardAndUrlSafe() {
        assertArrayEquals(new byte[]{(byte) 0xfb, (byte) 0xff, 0x01}, KeyDecoder.decode("+/8B", "base64"));
        assertArrayEquals(new byte[]{(byte) 0xfb, (byte) 0xff, 0x01}, KeyDecoder.decode("-_8B", "BASE64"));
    }

    @Test
    void aKeyThatIsNotBase64IsRefusedWithoutShowingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyDecoder.decode("not*base64!", "base64"));
        assertFalse(e.getMessage().contains("not*base64!"));
        assertTrue(e.getMessage().contains("protime.webhook.key-encoding"));
    }

    @Test
    void anUnknownEncodingIsRefused() {
        assertThrows(IllegalStateException.class, () -> KeyDecoder.decode("k", "hex"));
    }
}
