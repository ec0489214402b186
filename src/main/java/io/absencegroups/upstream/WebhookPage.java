package io.absencegroups.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/** One page of {@code GET …/webhooks}; {@code nextLink} is null on the last page. */
public record WebhookPage(List<UpstreamWebhook> webhooks, String nextLink) implements NextLinks.Page {

    static WebhookPage read(ObjectMapper mapper, String body) {
        JsonNode root;
        try {
            root = mapper.readTree(body == null ? "" : body);
        } catch (Exception e) {
            throw new MalformedUpstreamResponse("a page of webhooks from myProtime is not valid JSON");
        }
        if (root == null || !root.path("value").isArray()) {
            throw new MalformedUpstreamResponse("a page of webhooks from myProtime has no 'value' array");
        }
        List<UpstreamWebhook> webhooks = new ArrayList<>();
        for (JsonNode item : root.get("value")) {
            if (item.isObject()) {
                webhooks.add(UpstreamWebhook.read(mapper, item));
            }
        }
        JsonNode next = root.path("nextLink");
        return new WebhookPage(List.copyOf(webhooks), next.isTextual() && !next.asText().isBlank() ? next.asText() : null);
    }
}
