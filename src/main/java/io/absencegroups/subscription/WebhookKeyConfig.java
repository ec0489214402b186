package io.absencegroups.subscription;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * The webhook keys' settings. Named {@code protime.webhook.*} like the receiver's, whose deliveries they
 * verify, but read here: the key ring is the subscription's, and both keys (the one in myProtime's 201 and
 * the static one) are decoded the same way, by {@link #decode}.
 */
@ConfigMapping(prefix = "protime.webhook")
public interface WebhookKeyConfig {

    /** How a webhook key's text becomes HMAC key bytes: {@code utf8} (its UTF-8 bytes) or {@code base64} (decoded). */
    @WithDefault("utf8")
    KeyEncoding keyEncoding();

    /**
     * A webhook key added to the key ring at startup under the name {@code static}, for a
     * deployment that registered its webhook by hand. A secret: give it through the
     * environment ({@code PROTIME_WEBHOOK_STATIC_KEY}) or a Secret; it is never logged.
     */
    Optional<String> staticKey();

    /**
     * The HMAC key bytes of a key's text, in {@link #keyEncoding()}: the one decoder for the static key and
     * the keys myProtime sends.
     *
     * @throws IllegalArgumentException when the text is empty or not in that encoding; the message never holds the key
     */
    default byte[] decode(String keyText) {
        return keyEncoding().decode(keyText);
    }
}
