package io.absencegroups.subscription;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How the text of a webhook key becomes the bytes of its HMAC key. myProtime does not publish it,
 * so it is a setting ({@code protime.webhook.key-encoding}). The one decoder of key text: the key in
 * myProtime's 201 and the static key go through it alike ({@link WebhookKeyConfig#decode}), so the same
 * text always gives the same key.
 */
public enum KeyEncoding {
    /** The key string's UTF-8 bytes, as most webhook senders use them. */
    UTF8 {
        @Override
        public byte[] decode(String key) {
            return requireText(key).getBytes(StandardCharsets.UTF_8);
        }
    },
    /**
     * The key string is base64, in the standard or the URL-safe alphabet, padded or not, with surrounding
     * white space ignored; its decoded bytes are the key.
     */
    BASE64 {
        @Override
        public byte[] decode(String key) {
            String text = requireText(key).strip();
            try {
                // the alphabets differ only in two characters; a text with neither decodes alike in both
                boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
                byte[] bytes = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
                if (bytes.length == 0) {
                    throw new IllegalArgumentException("a webhook key must not be empty");
                }
                return bytes;
            } catch (IllegalArgumentException e) {
                // the JDK's message names the offending character: a piece of the key, so it is dropped
                throw new IllegalArgumentException(
                        "the webhook key is not valid base64 (protime.webhook.key-encoding=base64; try utf8)");
            }
        }
    };

    /**
     * The HMAC key bytes of {@code key}.
     *
     * @throws IllegalArgumentException when the key is empty or not in this encoding; the message never holds the key
     */
    public abstract byte[] decode(String key);

    private static String requireText(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a webhook key must not be empty");
        }
        return key;
    }
}
