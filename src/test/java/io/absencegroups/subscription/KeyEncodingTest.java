package io.absencegroups.subscription;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Key text as HMAC key bytes: the one decoder of the static key and the key in myProtime's 201. */
class KeyEncodingTest {

    @Test
    void utf8TakesTheKeyStringsBytes() {
        assertArrayEquals("It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8),
                KeyEncoding.UTF8.decode("It's a Secret to Everybody"));
        assertArrayEquals(new byte[]{(byte) 0xC3, (byte) 0xA9}, KeyEncoding.UTF8.decode("é"));
    }

    @Test
    void base64DecodesStandardAndUrlSafeKeys() {
        byte[] expected = "It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expected, KeyEncoding.BASE64.decode("SXQncyBhIFNlY3JldCB0byBFdmVyeWJvZHk="));
        assertArrayEquals(expected, KeyEncoding.BASE64.decode(" SXQncyBhIFNlY3JldCB0byBFdmVyeWJvZHk \n"));
        assertArrayEquals(new byte[]{(byte) 0xFB, (byte) 0xFF}, KeyEncoding.BASE64.decode("-_8="));
    }

    @Test
    void utf8KeepsEveryCharacterOfTheText() {
        assertArrayEquals("pa55-wörd".getBytes(StandardCharsets.UTF_8), KeyEncoding.UTF8.decode("pa55-wörd"));
    }

    @Test
    void base64TakesEitherAlphabetWithOrWithoutPadding() {
        byte[] expected = {(byte) 0xFB, (byte) 0xFF, 0x01};
        assertArrayEquals(expected, KeyEncoding.BASE64.decode("+/8B"));
        assertArrayEquals(expected, KeyEncoding.BASE64.decode("-_8B"));
        assertArrayEquals(new byte[]{(byte) 0xFB, (byte) 0xFF}, KeyEncoding.BASE64.decode("+/8"));
        assertArrayEquals(new byte[]{(byte) 0xFB, (byte) 0xFF}, KeyEncoding.BASE64.decode("-_8"));
    }

    @Test
    void invalidBase64IsRefusedNamingTheSettingButNotTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyEncoding.BASE64.decode("not*base64!"));
        assertFalse(e.getMessage().contains("not*base64"), e.getMessage());
        assertTrue(e.getMessage().contains("protime.webhook.key-encoding"), e.getMessage());
    }

    @Test
    void invalidBase64IsRefusedWithoutShowingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyEncoding.BASE64.decode("s3cr3t!key"));
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        assertFalse(e.getMessage().contains("!"), "the JDK's message names the bad character: " + e.getMessage());
        assertNull(e.getCause(), "the cause's message would name a character of the key");
    }

    @Test
    void anEmptyKeyIsRefused() {
        assertEquals("a webhook key must not be empty",
                assertThrows(IllegalArgumentException.class, () -> KeyEncoding.UTF8.decode(" ")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> KeyEncoding.BASE64.decode(""));
        assertThrows(IllegalArgumentException.class, () -> KeyEncoding.BASE64.decode(null));
    }
}
