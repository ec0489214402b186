package io.absencegroups.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 201 of a webhook create, read tolerantly because its field names are not published. */
class CreatedWebhookTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void readsIdKeyAndValidUntilWithAnOffset() {
        CreatedWebhook created = CreatedWebhook.read(mapper, null,
                "{\"id\":\"3f1c\",\"key\":\"s3cr3t\",\"validUntil\":\"2025-03-31T12:30:00+02:00\",\"extra\":[1]}");

        assertEquals("3f1c", created.id());
        assertEquals("s3cr3t", created.key());
        assertEquals(Instant.parse("2025-03-31T10:30:00Z"), created.validUntil());
        assertFalse(created.toString().contains("s3cr3t"), "toString never shows the key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"key", "webhookKey", "privateKey", "secret"})
    void acceptsEachCandidateKeyField(String field) {
        CreatedWebhook created = CreatedWebhook.read(mapper, "https://t.myprotime.eu/connector/protimeapi/api/v1/webhooks/abc-123",
                "{\"" + field + "\":\"k\",\"validUntil\":\"2025-03-31T12:30:00Z\"}");

        assertEquals("k", created.key());
        assertEquals("abc-123", created.id(), "without an id in the body, the last segment of Location");
    }

    @Test
    void theBodyIdWinsOverLocation() {
        CreatedWebhook created = CreatedWebhook.read(mapper, "/webhooks/from-location/",
                "{\"id\":\"from-body\",\"secret\":\"k\",\"validUntil\":\"2025-03-31T12:30:00Z\"}");
        assertEquals("from-body", created.id());
    }

    @Test
    void aMissingKeyIsAClearErrorThatNamesTheWebhookSoItCanBeDeleted() {
        MalformedUpstreamResponse e = assertThrows(MalformedUpstreamResponse.class, () -> CreatedWebhook.read(mapper,
                "/webhooks/w9", "{\"validUntil\":\"2025-03-31T12:30:00Z\",\"keyId\":7}"));

        assertTrue(e.getMessage().contains("no key"), e.getMessage());
        assertTrue(e.getMessage().contains("webhookKey"), e.getMessage());
        assertEquals("w9", e.webhookId());
    }

    @Test
    void aMissingValidUntilIsAClearErrorWithoutTheKey() {
        MalformedUpstreamResponse e = assertThrows(MalformedUpstreamResponse.class, () -> CreatedWebhook.read(mapper,
                null, "{\"id\":\"w9\",\"key\":\"do-not-show\"}"));

        assertTrue(e.getMessage().contains("validUntil"), e.getMessage());
        assertFalse(e.getMessage().contains("do-not-show"));
        assertEquals("w9", e.webhookId());
    }

    @Test
    void aValidUntilWithoutOffsetIsRefused() {
        MalformedUpstreamResponse e = assertThrows(MalformedUpstreamResponse.class, () -> CreatedWebhook.read(mapper,
                null, "{\"id\":\"w9\",\"key\":\"do-not-show\",\"validUntil\":\"2025-03-31T12:30:00\"}"));

        assertTrue(e.getMessage().contains("ISO-8601 with an offset"), e.getMessage());
        assertFalse(e.getMessage().contains("do-not-show"));
    }

    @Test
    void noIdAnywhereIsAnError() {
        MalformedUpstreamResponse e = assertThrows(MalformedUpstreamResponse.class, () -> CreatedWebhook.read(mapper,
                null, "{\"key\":\"k\",\"validUntil\":\"2025-03-31T12:30:00Z\"}"));
        assertTrue(e.getMessage().contains("no Location"), e.getMessage());
        assertNull(e.webhookId());
    }

    @Test
    void anEmptyBodyIsAnErrorThatStillNamesTheWebhook() {
        MalformedUpstreamResponse e = assertThrows(MalformedUpstreamResponse.class, () -> CreatedWebhook.read(mapper,
                "/webhooks/w9", ""));
        assertEquals("w9", e.webhookId());
    }
}
