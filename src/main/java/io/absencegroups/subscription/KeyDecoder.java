package io.absencegroups.subscription;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Turns the webhook key from myProtime's 201 into HMAC key bytes. How myProtime means the key to be
 * used is not published, so the receiver's setting {@code protime.webhook.key-encoding} decides:
 * {@code utf8} (the key text's bytes, the default) or {@code base64}. Messages never contain the key.
 */
@ApplicationScoped
public class KeyDecoder {

    @ConfigProperty(name = "protime.webhook.key-encoding", defaultValue = "utf8")
    String encoding;

    public byte[] decode(String key) {
        return decode(key, encoding);
    }

    static byte[] decode(String key, String encoding) {
        String mode = encoding.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        return switch (mode) {
            case "utf8" -> key.getBytes(StandardCharsets.UTF_8);
            case "base64" -> base64(key.strip());
            default -> throw new IllegalStateException(
                    "protime.webhook.key-encoding must be utf8 or base64, not '" + encoding + "'");
        };
    }

    private static byte[] base64(String key) {
        try {
            return Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException notStandard) {
            try {
                return Base64.getUrlDecoder().decode(key);
            } catch (IllegalArgumentException notUrlSafe) {
                throw new IllegalArgumentException(
                        "the webhook key is not base64 (protime.webhook.key-encoding=base64); try utf8");
            }
        }
    }
}
