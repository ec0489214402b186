package io.absencegroups.upstream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A webhook as myProtime describes it. {@code validUntil} stays text: it is only shown, and a
 * format change must not break the status check.
 *
 * @param status {@code Enabled} or {@code Disabled} (or a newer value, passed through)
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record UpstreamWebhook(String id, String status, String validUntil, String destinationUrl, String collectionName) {

    /** The status of a webhook that delivers. */
    public static final String ENABLED = "Enabled";

    public boolean enabled() {
        return isEnabled(status);
    }

    /** Whether {@code status} is {@link #ENABLED} (myProtime's case is not relied on). */
    public static boolean isEnabled(String status) {
        return ENABLED.equalsIgnoreCase(status);
    }

    static UpstreamWebhook read(ObjectMapper mapper, String body) {
        try {
            return read(mapper, mapper.readTree(body == null ? "" : body));
        } catch (MalformedUpstreamResponse e) {
            throw e;
        } catch (Exception e) {
            throw new MalformedUpstreamResponse("a webhook from myProtime is not valid JSON");
        }
    }

    static UpstreamWebhook read(ObjectMapper mapper, JsonNode node) {
        try {
            if (node == null || !node.isObject()) {
                throw new MalformedUpstreamResponse("a webhook from myProtime is not a JSON object");
            }
            return mapper.treeToValue(node, UpstreamWebhook.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedUpstreamResponse("a webhook from myProtime could not be read: " + e.getOriginalMessage());
        }
    }
}
