package io.absencegroups.simulator;

import io.absencegroups.cache.AbsenceGroup;
import io.absencegroups.cache.Change;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * A fake myProtime tenant: its absence groups (the truth), its webhooks, its tokens and the
 * faults a developer injects. Plain Java with an injected clock; the HTTP side is elsewhere.
 * <p>
 * It follows {@code myprotime-api.md} where that page says "known" (20-hex changeVersions that
 * grow, saving one group re-saves all, webhooks that expire and cannot be extended, Disabled
 * after failed deliveries) and the project's own defaults where it says "assumed".
 */
public final class SimulatedTenant {

    /** A webhook as the tenant sees it. The key is held only to sign deliveries. */
    public record Webhook(String id, String destinationUrl, String collectionName, String key,
                          Instant validUntil, String status, int failedDeliveries) {

        Webhook with(String newStatus, int failures) {
            return new Webhook(id, destinationUrl, collectionName, key, validUntil, newStatus, failures);
        }

        @Override
        public String toString() {
            return "Webhook[" + id + ", " + status + ", " + destinationUrl + "]";
        }
    }

    private final Clock clock;
    private final Random random;
    private final SecureRandom secrets = new SecureRandom();
    private final SimulatorConfig settings;
    private final TenantGroups groups;
    private final TenantTokens tokens;

    private final Map<String, Webhook> webhooks = new LinkedHashMap<>();
    private Instant outageUntil = Instant.MIN;
    private boolean deliveriesPaused;

    private long webhooksCreated;
    private long changesMade;
    private long changesMissed;

    public SimulatedTenant(Clock clock, Random random, SimulatorConfig settings) {
        this.clock = clock;
        this.random = random;
        this.settings = settings;
        this.groups = new TenantGroups(random);
        this.tokens = new TenantTokens(clock, settings);
    }

    // ---- faults ----

    /** While down, every API call answers 503 (maintenance). */
    public synchronized void outageFor(Duration duration) {
        outageUntil = clock.instant().plus(duration);
    }

    public synchronized boolean isDown() {
        return clock.instant().isBefore(outageUntil);
    }

    /** Disables every webhook now, as myProtime does when deliveries keep failing. */
    public synchronized void disableWebhooks() {
        webhooks.replaceAll((id, w) -> w.status().equals("Enabled") ? w.with("Disabled", w.failedDeliveries()) : w);
    }

    /** Changes made while paused are never delivered: the service must find them by a full sync. */
    public synchronized void pauseDeliveries(boolean paused) {
        deliveriesPaused = paused;
    }

    // ---- tokens ----

    public synchronized Optional<Refusal> checkClient(String clientId, String clientSecret) {
        return tokens.checkClient(clientId, clientSecret);
    }

    public synchronized String issueToken() {
        return tokens.issue();
    }

    /** Empty when the bearer token is valid; a 401 refusal when missing, unknown or expired. */
    public synchronized Optional<Refusal> checkToken(String authorization) {
        return tokens.check(authorization);
    }

    // ---- webhooks ----

    /** Why a create would be refused with 400 (a bad destination or an unknown collection); empty when it is fine. */
    public Optional<Refusal> checkWebhook(String destinationUrl, String collectionName) {
        if (!"absence-groups".equals(collectionName)) {
            return Optional.of(new Refusal(400, "InvalidCollection", "unknown collection '" + collectionName + "'"));
        }
        URI uri;
        try {
            uri = destinationUrl == null ? null : URI.create(destinationUrl);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        boolean httpsOrAllowed = uri != null && uri.getHost() != null
                && ("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && !settings.requireHttps()));
        if (!httpsOrAllowed) {
            return Optional.of(new Refusal(400, "InvalidDestinationUrl", "the destination URL must be an absolute https URL"));
        }
        return Optional.empty();
    }

    /** Creates a webhook that {@link #checkWebhook} accepts. */
    public synchronized Webhook createWebhook(String destinationUrl, String collectionName) {
        checkWebhook(destinationUrl, collectionName).ifPresent(refusal -> {
            throw new IllegalArgumentException(refusal.message());
        });
        byte[] key = new byte[32];
        secrets.nextBytes(key);
        Instant validUntil = clock.instant().plus(settings.webhookLifetime());
        Webhook webhook = new Webhook(UUID.randomUUID().toString(), destinationUrl, collectionName,
                Base64.getEncoder().encodeToString(key), validUntil, "Enabled", 0);
        webhooks.put(webhook.id(), webhook);
        webhooksCreated++;
        return webhook;
    }

    /** The webhook with its current status: Enabled turns Disabled at validUntil. */
    public synchronized Optional<Webhook> webhook(String id) {
        return Optional.ofNullable(webhooks.get(id)).map(this::current);
    }

    public synchronized List<Webhook> webhooks() {
        return webhooks.values().stream().map(this::current).toList();
    }

    private Webhook current(Webhook w) {
        return w.status().equals("Enabled") && !clock.instant().isBefore(w.validUntil())
                ? w.with("Disabled", w.failedDeliveries())
                : w;
    }

    /** A soft delete: deliveries stop and the webhook is gone from the API. */
    public synchronized boolean deleteWebhook(String id) {
        return webhooks.remove(id) != null;
    }

    /** The webhooks that receive deliveries now. */
    public synchronized List<Webhook> deliveringWebhooks() {
        return webhooks.values().stream().map(this::current).filter(w -> w.status().equals("Enabled")).toList();
    }

    /** Counts a failed delivery; too many disable the webhook, as myProtime's retries running out would. */
    public synchronized void deliveryFailed(String webhookId) {
        webhooks.computeIfPresent(webhookId, (id, w) -> {
            int failures = w.failedDeliveries() + 1;
            return w.with(failures >= settings.disableAfterFailures() ? "Disabled" : w.status(), failures);
        });
    }

    public synchronized void deliverySucceeded(String webhookId) {
        webhooks.computeIfPresent(webhookId, (id, w) -> w.with(w.status(), 0));
    }

    // ---- absence groups ----

    /** Groups with an id greater than {@code afterId}, at most {@code size}: a stable continuation. */
    public synchronized List<AbsenceGroup> page(long afterId, int size) {
        return groups.page(afterId, size);
    }

    public synchronized Optional<AbsenceGroup> group(long id) {
        return groups.group(id);
    }

    /** The truth: every group, by id. */
    public synchronized Map<Long, AbsenceGroup> truth() {
        return groups.truth();
    }

    /**
     * One random change, as a user of myProtime would make it: mostly edits, sometimes a
     * new group or a delete, sometimes a "save all" that re-sends every group.
     *
     * @return the changes to deliver (empty while deliveries are paused: they are missed)
     */
    public synchronized List<Change> randomChange() {
        int dice = random.nextInt(100);
        List<Change> changes;
        if (dice < settings.saveAllPercent()) {
            changes = groups.saveAll();
        } else if (dice < settings.saveAllPercent() + settings.deletePercent() && groups.size() > 3) {
            changes = List.of(groups.delete(groups.randomId()));
        } else if (dice < settings.saveAllPercent() + settings.deletePercent() + settings.createPercent()) {
            changes = List.of(groups.create());
        } else {
            changes = List.of(groups.edit(groups.randomId()));
        }
        return delivered(changes);
    }

    /** Deletes one group, chosen at random. */
    public synchronized List<Change> deleteOne() {
        return delivered(List.of(groups.delete(groups.randomId())));
    }

    /** "Saving one absence group re-saves all of them": every group gets a new version, same data. */
    public synchronized List<Change> saveAllNow() {
        return delivered(groups.saveAll());
    }

    private List<Change> delivered(List<Change> changes) {
        changesMade += changes.size();
        if (deliveriesPaused) {
            changesMissed += changes.size();
            return List.of();
        }
        return changes;
    }

    // ---- status ----

    /** Counters for the control page and the end-to-end test. */
    public synchronized Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("groups", groups.size());
        stats.put("changeVersion", groups.changeVersion());
        stats.put("changesMade", changesMade);
        stats.put("changesMissed", changesMissed);
        stats.put("tokensIssued", tokens.issued());
        stats.put("webhooksCreated", webhooksCreated);
        stats.put("webhooks", webhooks().stream().map(w -> Map.of(
                "id", w.id(), "status", w.status(), "validUntil", w.validUntil().toString(),
                "destinationUrl", w.destinationUrl())).toList());
        stats.put("down", isDown());
        stats.put("deliveriesPaused", deliveriesPaused);
        return stats;
    }
}
