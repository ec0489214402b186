package io.absencegroups.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * A webhook myProtime just created, read tolerantly from the 201 because the body's field names are
 * not published: the id from the body's {@code id}, else the last path segment of {@code Location};
 * the key from the first of {@code key}, {@code webhookKey}, {@code privateKey}, {@code secret}; and
 * {@code validUntil} as ISO-8601 with an offset.
 *
 * @param key the private webhook key as myProtime sent it; it cannot be read back later. Never logged.
 */
public record CreatedWebhook(String id, String key, Instant validUntil) {

    static final List<String> KEY_FIELDS = List.of("key", "webhookKey", "privateKey", "secret");

    @Override
    public String toString() {
        return "CreatedWebhook[id=" + id + ", validUntil=" + validUntil + "]"; // never the key
    }

    /**
     * Reads the 201.
     *
     * @throws MalformedUpstreamResponse when the id, key or validUntil is missing or unreadable; the
     *                                   message names what is missing and never contains the key
     */
    static CreatedWebhook read(ObjectMapper mapper, String location, String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : mapper.readTree(body);
        } catch (Exception e) {
            root = null;
        }
        String id = text(root, "id");
        if (id == null) {
            id = lastSegment(location);
        }
        if (id == null) {
            throw new MalformedUpstreamResponse(
                    "myProtime's 201 response to the webhook create names no webhook: no 'id' in the body and no Location header");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedUpstreamResponse("myProtime created webhook " + id
                    + " but its 201 response has no JSON object body, so no key and no validUntil", id);
        }
        String key = null;
        for (String field : KEY_FIELDS) {
            key = text(root, field);
            if (key != null) {
                break;
            }
        }
        if (key == null) {
            throw new MalformedUpstreamResponse("myProtime created webhook " + id
                    + " but its 201 response has no key (looked for " + String.join(", ", KEY_FIELDS) + ")", id);
        }
        String validUntil = text(root, "validUntil");
        if (validUntil == null) {
            throw new MalformedUpstreamResponse("myProtime created webhook " + id + " but its 201 response has no 'validUntil'", id);
        }
        try {
            return new CreatedWebhook(id, key, OffsetDateTime.parse(validUntil).toInstant());
        } catch (DateTimeParseException e) {
            throw new MalformedUpstreamResponse("myProtime created webhook " + id + " but its 'validUntil' '"
                    + bounded(validUntil) + "' is not ISO-8601 with an offset (e.g. 2025-03-31T12:30:00+02:00)", id);
        }
    }

    private static String text(JsonNode root, String field) {
        if (root == null) {
            return null;
        }
        JsonNode node = root.get(field);
        return node != null && node.isValueNode() && !node.isNull() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static String lastSegment(String location) {
        if (location == null || location.isBlank()) {
            return null;
        }
        String path = location.strip();
        int query = path.indexOf('?');
        path = query >= 0 ? path.substring(0, query) : path;
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String segment = path.substring(path.lastIndexOf('/') + 1);
        return segment.isBlank() ? null : segment;
    }

    private static String bounded(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}
