package io.absencegroups.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.absencegroups.subscription.KeyRing;
import io.absencegroups.subscription.ManagedWebhook;
import io.absencegroups.subscription.SubscriptionState;
import io.absencegroups.subscription.SubscriptionStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the owner of the subscription writes to Redis for the other pods: who owns it, its state,
 * the current webhook, and the webhook keys (so every pod verifies deliveries). The keys are
 * secrets: Redis must be protected (see docs/redis.md), and they never leave this record for a log
 * or an answer.
 */
final class SubscriptionRecord {

    /** The name of the configured static key: every pod has it from its own settings. */
    static final String STATIC_KEY = "static";

    @RegisterForReflection
    record Key(String name, String key, Instant retiresAt) {
    }

    @RegisterForReflection
    record Webhook(String id, Instant createdAt, Instant validUntil, String status, Instant syncedAt) {
    }

    private final ObjectMapper mapper;
    private final Clock clock;

    SubscriptionRecord(ObjectMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    /** The fields the owner writes. */
    Map<String, String> write(String owner, SubscriptionStatus status, KeyRing ring) {
        List<Key> keys = new ArrayList<>();
        for (KeyRing.SigningKey key : ring.activeKeys()) {
            if (!STATIC_KEY.equals(key.name())) {
                keys.add(new Key(key.name(), Base64.getEncoder().encodeToString(key.spec().getEncoded()), key.retiresAt()));
            }
        }
        ManagedWebhook w = status.webhook();
        Map<String, String> fields = new HashMap<>();
        fields.put("owner", owner);
        fields.put("state", status.state().name());
        fields.put("reason", status.reason() == null ? "" : status.reason());
        fields.put("webhook", w == null ? "" : json(new Webhook(w.id(), w.createdAt(), w.validUntil(), w.status(), w.syncedAt())));
        fields.put("keys", json(keys));
        fields.put("updatedAt", clock.instant().toString());
        return fields;
    }

    /** The webhook the owner recorded, if any. */
    ManagedWebhook webhook(Map<String, String> fields) {
        String text = fields.getOrDefault("webhook", "");
        if (text.isEmpty()) {
            return null;
        }
        Webhook w = read(text, Webhook.class);
        return new ManagedWebhook(w.id(), w.createdAt(), w.validUntil(), w.status(), w.syncedAt());
    }

    /**
     * The subscription as the owner recorded it. A record not written for {@code stale} (no pod
     * owns the subscription, or the owner cannot reach Redis) is shown as not ready.
     */
    SubscriptionStatus status(Map<String, String> fields, Duration stale) {
        if (fields.isEmpty()) {
            return new SubscriptionStatus(SubscriptionState.NOT_STARTED, "no pod has taken the subscription lease yet",
                    null, null, null, null, new SubscriptionStatus.Counters(0, 0, 0, 0, 0, 0));
        }
        Instant updatedAt = Instant.parse(fields.get("updatedAt"));
        SubscriptionState state = SubscriptionState.valueOf(fields.get("state"));
        String reason = fields.getOrDefault("reason", "");
        if (Duration.between(updatedAt, clock.instant()).compareTo(stale) > 0) {
            state = SubscriptionState.NOT_STARTED;
            reason = "the owner (" + fields.get("owner") + ") has not recorded the subscription since " + updatedAt;
        }
        return new SubscriptionStatus(state, reason.isEmpty() ? null : reason, webhook(fields), null, null, null,
                new SubscriptionStatus.Counters(0, 0, 0, 0, 0, 0));
    }

    /** Makes the ring hold exactly the recorded keys (and the static key, which every pod has itself). */
    void applyKeys(Map<String, String> fields, KeyRing ring) {
        String text = fields.getOrDefault("keys", "");
        if (text.isEmpty()) {
            return;
        }
        Key[] keys = read(text, Key[].class);
        Set<String> recorded = new HashSet<>();
        Instant now = clock.instant();
        for (Key key : keys) {
            recorded.add(key.name());
            if (!ring.names().contains(key.name())) {
                ring.add(key.name(), Base64.getDecoder().decode(key.key()));
            }
            if (key.retiresAt() != null) {
                Duration left = Duration.between(now, key.retiresAt());
                ring.retireAfter(key.name(), left.isNegative() ? Duration.ZERO : left);
            }
        }
        for (String name : ring.names()) {
            if (!recorded.contains(name) && !STATIC_KEY.equals(name)) {
                ring.remove(name);
            }
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the record is always JSON", e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return mapper.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the subscription record in Redis is not readable: " + e.getOriginalMessage());
        }
    }
}
