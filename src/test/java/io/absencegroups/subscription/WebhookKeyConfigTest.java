package io.absencegroups.subscription;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The key settings as SmallRye reads them, without Quarkus. */
class WebhookKeyConfigTest {

    static WebhookKeyConfig read(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(WebhookKeyConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(WebhookKeyConfig.class);
    }

    @Test
    void keysAreUtf8TextUnlessSetOtherwise() {
        WebhookKeyConfig keys = read(Map.of());
        assertEquals(KeyEncoding.UTF8, keys.keyEncoding());
        assertTrue(keys.staticKey().isEmpty());
        assertArrayEquals("k".getBytes(StandardCharsets.UTF_8), keys.decode("k"));
    }

    @Test
    void decodeFollowsTheSetting() {
        WebhookKeyConfig keys = read(Map.of("protime.webhook.key-encoding", "base64"));
        assertEquals(KeyEncoding.BASE64, keys.keyEncoding());
        assertArrayEquals(new byte[]{(byte) 0xFB, (byte) 0xFF, 0x01}, keys.decode("+/8B"));
    }

    @Test
    void anUnknownEncodingIsRefused() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> read(Map.of("protime.webhook.key-encoding", "hex")));
        assertTrue(e.getMessage().contains("protime.webhook.key-encoding"), e.getMessage());
    }
}
