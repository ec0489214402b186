package io.absencegroups.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads myProtime's error bodies, {@code {"error":{"code","message","reasons"}}} or a
 * {@code validationErrors} array, into one short line for logs and {@code /subscription}.
 * An error body never carries our token or key, but it is bounded anyway, so a huge or hostile
 * body cannot flood the log.
 */
final class ErrorBody {

    static final int MAX_LENGTH = 500;

    private ErrorBody() {
    }

    /** The summary, or null when the body is empty. */
    static String summarise(ObjectMapper mapper, String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (Exception notJson) {
            return bounded("(not JSON) " + body.strip());
        }
        List<String> parts = new ArrayList<>();
        JsonNode error = root.path("error");
        if (error.isObject()) {
            String code = text(error.path("code"));
            String message = text(error.path("message"));
            parts.add(code != null && message != null ? code + ": " + message : code != null ? code : message);
            for (JsonNode reason : error.path("reasons")) {
                parts.add(reason.isValueNode() ? reason.asText() : reason.toString());
            }
        }
        JsonNode validation = root.path("validationErrors");
        if (validation.isArray()) {
            for (JsonNode v : validation) {
                parts.add(v.isValueNode() ? v.asText() : describeValidation(v));
            }
        }
        parts.removeIf(p -> p == null || p.isBlank());
        return bounded(parts.isEmpty() ? root.toString() : String.join("; ", parts));
    }

    private static String describeValidation(JsonNode v) {
        String field = firstText(v, "field", "propertyName", "memberNames", "name");
        String message = firstText(v, "message", "errorMessage", "error");
        if (field != null && message != null) {
            return field + ": " + message;
        }
        return message != null ? message : v.toString();
    }

    private static String firstText(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.path(name);
            if (value.isArray() && !value.isEmpty()) {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.asText()));
                return String.join(",", items);
            }
            String text = text(value);
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    private static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static String bounded(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_LENGTH ? oneLine : oneLine.substring(0, MAX_LENGTH) + "…";
    }
}
