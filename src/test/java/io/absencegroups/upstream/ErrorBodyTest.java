package io.absencegroups.upstream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** myProtime's error bodies as one line for logs and /subscription. */
class ErrorBodyTest {

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    @Test
    void readsCodeMessageAndReasons() {
        assertEquals("InvalidDestinationUrl: The destination url must use https; port 443 only",
                ErrorBody.summarise(MAPPER, "{\"error\":{\"code\":\"InvalidDestinationUrl\",\"message\":\"The destination url must use https\",\"reasons\":[\"port 443 only\"]}}"));
    }

    @Test
    void readsValidationErrors() {
        assertEquals("collectionName: unknown collection",
                ErrorBody.summarise(MAPPER, "{\"validationErrors\":[{\"field\":\"collectionName\",\"message\":\"unknown collection\"}]}"));
        assertEquals("destinationUrl: required", ErrorBody.summarise(MAPPER, "{\"validationErrors\":[\"destinationUrl: required\"]}"));
    }

    @Test
    void keepsOtherBodiesShortAndOnOneLine() {
        assertNull(ErrorBody.summarise(MAPPER, ""));
        assertEquals("(not JSON) Service Unavailable", ErrorBody.summarise(MAPPER, "Service\n  Unavailable"));
        String huge = ErrorBody.summarise(MAPPER, "x".repeat(5000));
        assertTrue(huge.length() <= ErrorBody.MAX_LENGTH + 1, "bounded: " + huge.length());
    }
}
