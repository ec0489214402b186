package io.absencegroups.receiver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonMediaTypeTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON;charset=UTF-8",
            " application/json ",
            "application/vnd.myprotime.webhook+json",
            "application/cloudevents+json; charset=utf-8"
    })
    void jsonIsAccepted(String contentType) {
        assertTrue(JsonMediaType.accepts(contentType));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "text/plain",
            "text/json",
            "application/xml",
            "application/x-www-form-urlencoded",
            "application/json-seq",
            "application/jsonp",
            "application/+json",
            "multipart/form-data; boundary=x",
            ""
    })
    void anythingElseIsRefused(String contentType) {
        assertFalse(JsonMediaType.accepts(contentType));
    }

    @Test
    void aMissingContentTypeIsAccepted() {
        assertTrue(JsonMediaType.accepts(null));
    }
}
