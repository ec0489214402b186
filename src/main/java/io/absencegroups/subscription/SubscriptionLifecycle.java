package io.absencegroups.subscription;

import io.absencegroups.sync.SyncReport;
import io.absencegroups.upstream.CreatedWebhook;
import io.absencegroups.upstream.MalformedUpstreamResponse;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The webhook lifecycle: a webhook that is always there, and a store that is always complete.
 * <p>
 * A <em>replacement</em> does the one thing this class exists for: (1) create a webhook, (2) put its key
 * in the ring, (3) run a full sync, (4) make it the current webhook and delete the old one, (5) retire
 * the old key after the grace period. Start is a replacement with nothing to replace; renewal before
 * {@code validUntil}, recovery from {@code Disabled}, a 404 or expiry are replacements too.
 * <p>
 * Only one replacement is in flight; a trigger that arrives meanwhile joins it (like oidc-client's
 * tokens: the current value, or one in-flight refresh). A failed step is retried by the same
 * replacement after a backoff ({@link RetryDelays}); a webhook that was created but not yet synced is
 * kept and only its sync is retried. Meanwhile the old webhook keeps serving until its
 * {@code validUntil}; past it the state is EXPIRED and the service is not ready.
 * <p>
 * A plain class: the clock, the timer that runs retries, myProtime and the sync are passed in, so the
 * tests drive it with a fake clock and no Quarkus. All state is guarded by {@code this}; upstream calls
 * are made outside the lock.
 */
public final class SubscriptionLifecycle {

    private static final Logger LOG = Logger.getLogger(SubscriptionLifecycle.class);

    /** myProtime's webhook calls, as the lifecycle needs them. */
    public interface Webhooks {
        /** Creates a webhook for the service's destination URL and collection. */
        Uni<CreatedWebhook> create();

        /** The webhook's status (e.g. {@code Enabled}); empty when myProtime answers 404. */
        Uni<Optional<String>> status(String id);

        /** Deletes the webhook; one that is already gone counts as deleted. */
        Uni<Void> delete(String id);

        /** Webhooks an earlier run of the service left (same destination and collection), with their validUntil. */
        Uni<Map<String, Instant>> leftovers();
    }

    /** Runs one full sync. */
    @FunctionalInterface
    public interface Sync {
        Uni<SyncReport> run(String trigger);
    }

    /** Runs {@code task} once after {@code delay}; returns what cancels it. */
    @FunctionalInterface
    public interface Timer {
        Runnable schedule(Duration delay, Runnable task);
    }

    /**
     * @param renewBefore         replace this long before {@code validUntil}...
     * @param renewBeforeFraction ...but no earlier than this fraction of the lifetime before it
     * @param keyGracePeriod      how long a replaced webhook's key still verifies deliveries
     */
    public record Settings(Duration renewBefore, double renewBeforeFraction, Duration keyGracePeriod, RetryDelays retryDelays) {
    }

    private static final String CREATE = "create webhook";
    private static final String SYNC = "full sync";
    private static final Duration UNKNOWN_LIFETIME = Duration.ofDays(1);

    private final Webhooks webhooks;
    private final Sync sync;
    private final KeyRing keyRing;
    private final Function<String, byte[]> keyDecoder;
    private final Clock clock;
    private final Timer timer;
    private final Settings settings;
    private final Consumer<String> attemptOutcomes;

    private boolean started;
    private boolean stopped;
    private boolean leftoversChecked;
    /** Serves deliveries and was synced; null until the first replacement finished. */
    private ManagedWebhook current;
    /** Created by the replacement in flight, key in the ring, not yet synced. */
    private ManagedWebhook candidate;
    private Flight flight;
    /** Webhooks to delete, with the time after which deleting them no longer matters. */
    private final Map<String, Instant> toDelete = new LinkedHashMap<>();
    private final Set<String> deleting = new HashSet<>();
    private SubscriptionStatus.Failure lastFailure;
    private long created;
    private long createFailures;
    private long replacements;
    private long failedAttempts;
    private long deleted;
    private long deleteFailures;

    /**
     * @param keyDecoder      turns the key myProtime sent into HMAC key bytes; throws when it cannot
     * @param attemptOutcomes told "success" or "failure" after each replacement attempt (metrics)
     */
    public SubscriptionLifecycle(Webhooks webhooks, Sync sync, KeyRing keyRing, Function<String, byte[]> keyDecoder,
                                 Clock clock, Timer timer, Settings settings, Consumer<String> attemptOutcomes) {
        this.webhooks = webhooks;
        this.sync = sync;
        this.keyRing = keyRing;
        this.keyDecoder = keyDecoder;
        this.clock = clock;
        this.timer = timer;
        this.settings = settings;
        this.attemptOutcomes = attemptOutcomes;
    }

    /** One replacement: its trigger, progress and the future its joiners wait on. */
    private static final class Flight {
        final String reason;
        final Instant startedAt;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        int attempts;
        String step = CREATE;
        Instant nextAttemptAt;
        Runnable cancelRetry;

        Flight(String reason, Instant startedAt) {
            this.reason = reason;
            this.startedAt = startedAt;
        }
    }

    /** Starts: the first replacement creates the webhook and runs the first sync. Returns at once. */
    public void start() {
        synchronized (this) {
            if (started || stopped) {
                return;
            }
            started = true;
        }
        launch("start");
    }

    /**
     * Starts a replacement, or joins the one in flight. The Uni completes when the new webhook is
     * current (retries included); it fails only when the lifecycle stops first.
     */
    public Uni<Void> replace(String reason) {
        Flight f;
        boolean fresh = false;
        synchronized (this) {
            if (stopped) {
                return Uni.createFrom().failure(new IllegalStateException("the subscription is stopped"));
            }
            if (flight == null) {
                flight = new Flight(reason, clock.instant());
                fresh = true;
            }
            f = flight;
        }
        if (fresh) {
            LOG.infof("replacing the webhook: %s", reason);
            attempt(f);
        }
        // a copy, so a joiner that cancels does not cancel the others
        return Uni.createFrom().completionStage(f.done::copy);
    }

    private void launch(String reason) {
        replace(reason).subscribe().with(done -> { }, stoppedFirst -> { });
    }

    private void attempt(Flight f) {
        Uni<ManagedWebhook> ready;
        synchronized (this) {
            if (stopped || flight != f) {
                return;
            }
            f.attempts++;
            f.nextAttemptAt = null;
            f.cancelRetry = null;
            if (candidate != null && !clock.instant().isBefore(renewalAt(candidate))) {
                LOG.infof("dropping webhook %s: it is due for renewal before its first sync finished", candidate.id());
                drop(candidate);
                candidate = null;
            }
            ready = candidate != null ? Uni.createFrom().item(candidate) : createCandidate(f);
        }
        ready.chain(webhook -> syncFor(f, webhook))
                .subscribe().with(webhook -> promote(f, webhook), failure -> failed(f, failure));
    }

    private Uni<ManagedWebhook> createCandidate(Flight f) {
        Uni<Void> before = leftoversChecked ? Uni.createFrom().voidItem() : lookForLeftovers();
        return before
                .chain(() -> {
                    step(f, CREATE);
                    return webhooks.create();
                })
                .onFailure().invoke(this::createFailed)
                .map(this::adopt);
    }

    /** Before the first create, so the listing cannot contain the webhook this run creates. */
    private Uni<Void> lookForLeftovers() {
        return Uni.createFrom().deferred(webhooks::leftovers)
                .invoke(found -> {
                    if (!found.isEmpty()) {
                        LOG.infof("deleting %d webhook(s) an earlier run left for this destination: %s", found.size(), found.keySet());
                        synchronized (this) {
                            toDelete.putAll(found);
                        }
                    }
                })
                .onFailure().invoke(failure ->
                        LOG.warnf("could not look for webhooks an earlier run left behind (carrying on): %s", describe(failure)))
                .onFailure().recoverWithNull()
                .invoke(() -> {
                    synchronized (this) {
                        leftoversChecked = true;
                    }
                })
                .replaceWithVoid();
    }

    private synchronized void createFailed(Throwable failure) {
        createFailures++;
        if (failure instanceof MalformedUpstreamResponse malformed && malformed.webhookId() != null) {
            // created, but useless without its key or lifetime
            toDelete.put(malformed.webhookId(), clock.instant().plus(UNKNOWN_LIFETIME));
        }
    }

    private ManagedWebhook adopt(CreatedWebhook createdWebhook) {
        byte[] key;
        try {
            key = keyDecoder.apply(createdWebhook.key());
        } catch (RuntimeException e) {
            synchronized (this) {
                createFailures++;
                toDelete.put(createdWebhook.id(), createdWebhook.validUntil());
            }
            throw new UnusableWebhook("webhook " + createdWebhook.id() + " was created but its key cannot be used: " + e.getMessage());
        }
        ManagedWebhook webhook = ManagedWebhook.created(createdWebhook.id(), clock.instant(), createdWebhook.validUntil());
        boolean late;
        synchronized (this) {
            created++;
            late = stopped;
            if (!late) {
                keyRing.add(webhook.id(), key);
                candidate = webhook;
            }
        }
        if (late) {
            // stop already deleted what it knew of; this one answered after it
            webhooks.delete(webhook.id()).subscribe().with(ok -> { }, failure ->
                    LOG.warnf("could not delete webhook %s, created after stop: %s", webhook.id(), describe(failure)));
            throw new IllegalStateException("the subscription stopped while webhook " + webhook.id() + " was created");
        }
        LOG.infof("created webhook %s, valid until %s", webhook.id(), webhook.validUntil());
        return webhook;
    }

    private Uni<ManagedWebhook> syncFor(Flight f, ManagedWebhook webhook) {
        return Uni.createFrom().deferred(() -> {
                    step(f, SYNC);
                    return sync.run("webhook " + webhook.id() + " created");
                })
                .map(report -> {
                    if (!report.finished()) {
                        throw new SyncFailed(report.error());
                    }
                    return webhook.syncedAt(report.finishedAt());
                });
    }

    private void promote(Flight f, ManagedWebhook webhook) {
        ManagedWebhook previous;
        synchronized (this) {
            if (stopped || flight != f) {
                return;
            }
            previous = current;
            current = webhook;
            candidate = null;
            flight = null;
            if (previous != null) {
                replacements++;
                keyRing.retireAfter(previous.id(), settings.keyGracePeriod());
                toDelete.put(previous.id(), previous.validUntil());
            }
        }
        LOG.infof("webhook %s is current (valid until %s)%s", webhook.id(), webhook.validUntil(),
                previous == null ? "" : "; replaced " + previous.id() + ", its key retires in " + settings.keyGracePeriod());
        attemptOutcomes.accept("success");
        f.done.complete(null);
        deletePending();
    }

    private void failed(Flight f, Throwable failure) {
        Duration delay;
        String step;
        synchronized (this) {
            if (stopped || flight != f) {
                return;
            }
            Instant now = clock.instant();
            failedAttempts++;
            step = f.step;
            lastFailure = new SubscriptionStatus.Failure(now, step, describe(failure));
            delay = failure instanceof UnusableWebhook
                    ? settings.retryDelays().rejected()
                    : settings.retryDelays().after(f.attempts, failure);
            f.nextAttemptAt = now.plus(delay);
            f.cancelRetry = timer.schedule(delay, () -> attempt(f));
        }
        LOG.warnf("%s failed (attempt %d, %s); trying again in %s: %s", step, f.attempts, f.reason, delay, describe(failure));
        attemptOutcomes.accept("failure");
        deletePending();
    }

    private synchronized void step(Flight f, String step) {
        f.step = step;
    }

    /** Forgets a candidate that will never be current: its key goes at once, the webhook is deleted. */
    private void drop(ManagedWebhook webhook) {
        keyRing.remove(webhook.id());
        toDelete.put(webhook.id(), webhook.validUntil());
    }

    /**
     * The periodic check: starts a replacement when the webhook is due for renewal or expired, else asks
     * myProtime whether it is still Enabled and replaces it when not (Disabled, 404). Also retries the
     * deletes of replaced webhooks. Nothing to do while a replacement is in flight: it has its own retries.
     */
    public Uni<Void> check() {
        String trigger = null;
        ManagedWebhook poll = null;
        synchronized (this) {
            if (!started || stopped) {
                return Uni.createFrom().voidItem();
            }
            if (flight == null) {
                Instant now = clock.instant();
                if (current == null) {
                    trigger = "no webhook";
                } else if (!now.isBefore(current.validUntil())) {
                    trigger = "webhook " + current.id() + " expired at " + current.validUntil();
                } else if (!now.isBefore(renewalAt(current))) {
                    trigger = "webhook " + current.id() + " is due for renewal (valid until " + current.validUntil() + ")";
                } else {
                    poll = current;
                }
            }
        }
        deletePending();
        if (trigger != null) {
            launch(trigger);
            return Uni.createFrom().voidItem();
        }
        if (poll == null) {
            return Uni.createFrom().voidItem();
        }
        ManagedWebhook polled = poll;
        return webhooks.status(polled.id())
                .invoke(status -> observed(polled, status.orElse(ManagedWebhook.GONE)))
                .onFailure().invoke(failure -> {
                    synchronized (this) {
                        lastFailure = new SubscriptionStatus.Failure(clock.instant(), "check webhook " + polled.id(), describe(failure));
                    }
                    LOG.warnf("could not check webhook %s (trying again at the next check): %s", polled.id(), describe(failure));
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private void observed(ManagedWebhook polled, String status) {
        String trigger = null;
        synchronized (this) {
            if (current == null || !current.id().equals(polled.id())) {
                return;
            }
            current = current.withStatus(status);
            if (!current.enabled()) {
                trigger = ManagedWebhook.GONE.equals(status)
                        ? "myProtime answers 404 for webhook " + polled.id()
                        : "myProtime reports webhook " + polled.id() + " as " + status;
            }
        }
        if (trigger != null) {
            LOG.warn(trigger);
            launch(trigger);
        }
    }

    private void deletePending() {
        List<String> ids = new ArrayList<>();
        synchronized (this) {
            if (stopped) {
                return;
            }
            Instant now = clock.instant();
            // a webhook past its validUntil delivers nothing any more
            toDelete.values().removeIf(until -> !now.isBefore(until));
            for (String id : toDelete.keySet()) {
                if (deleting.add(id)) {
                    ids.add(id);
                }
            }
        }
        for (String id : ids) {
            webhooks.delete(id).subscribe().with(ok -> deleteSucceeded(id), failure -> deleteFailed(id, failure));
        }
    }

    private void deleteSucceeded(String id) {
        synchronized (this) {
            deleting.remove(id);
            toDelete.remove(id);
            deleted++;
        }
        LOG.infof("deleted webhook %s", id);
    }

    private void deleteFailed(String id, Throwable failure) {
        synchronized (this) {
            deleting.remove(id);
            deleteFailures++;
            lastFailure = new SubscriptionStatus.Failure(clock.instant(), "delete webhook " + id, describe(failure));
        }
        LOG.warnf("could not delete webhook %s (trying again at the next check): %s", id, describe(failure));
    }

    /**
     * Stops: no more attempts; with {@code deleteWebhooks}, deletes the current webhook, the one being
     * synced and any still waiting for deletion (best effort: failures are logged, not raised).
     */
    public Uni<Void> stop(boolean deleteWebhooks) {
        Flight f;
        Set<String> ids = new java.util.LinkedHashSet<>();
        synchronized (this) {
            if (stopped) {
                return Uni.createFrom().voidItem();
            }
            stopped = true;
            f = flight;
            flight = null;
            if (f != null && f.cancelRetry != null) {
                f.cancelRetry.run();
            }
            if (deleteWebhooks) {
                if (current != null) {
                    ids.add(current.id());
                }
                if (candidate != null) {
                    ids.add(candidate.id());
                }
                ids.addAll(toDelete.keySet());
            }
        }
        if (f != null) {
            f.done.completeExceptionally(new IllegalStateException("the subscription stopped"));
        }
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        LOG.infof("deleting webhook(s) %s on stop", ids);
        List<Uni<Void>> deletes = new ArrayList<>();
        for (String id : ids) {
            deletes.add(webhooks.delete(id)
                    .invoke(() -> LOG.infof("deleted webhook %s", id))
                    .onFailure().invoke(failure -> LOG.warnf("could not delete webhook %s on stop: %s", id, describe(failure)))
                    .onFailure().recoverWithNull());
        }
        return Uni.join().all(deletes).andFailFast().replaceWithVoid();
    }

    /** A consistent snapshot. */
    public synchronized SubscriptionStatus status() {
        Instant now = clock.instant();
        SubscriptionState state = state(now);
        SubscriptionStatus.Replacement replacement = flight == null ? null : new SubscriptionStatus.Replacement(
                flight.reason, flight.startedAt, flight.attempts, candidate == null ? null : candidate.id(), flight.nextAttemptAt);
        return new SubscriptionStatus(state, reason(state, now), current, current == null ? null : renewalAt(current),
                replacement, lastFailure,
                new SubscriptionStatus.Counters(created, createFailures, replacements, failedAttempts, deleted, deleteFailures));
    }

    private SubscriptionState state(Instant now) {
        if (stopped) {
            return SubscriptionState.STOPPED;
        }
        if (!started) {
            return SubscriptionState.NOT_STARTED;
        }
        if (current == null) {
            return candidate == null ? SubscriptionState.CREATING : SubscriptionState.SYNCING;
        }
        if (!now.isBefore(current.validUntil())) {
            return SubscriptionState.EXPIRED;
        }
        if (ManagedWebhook.GONE.equals(current.status())) {
            return SubscriptionState.GONE;
        }
        if (!current.enabled()) {
            return SubscriptionState.DISABLED;
        }
        return flight != null ? SubscriptionState.RENEWING : SubscriptionState.ACTIVE;
    }

    private String reason(SubscriptionState state, Instant now) {
        String reason = switch (state) {
            case ACTIVE, RENEWING, OFF, NOT_CONFIGURED -> null;
            case NOT_STARTED -> "the subscription has not started yet";
            case CREATING -> "creating the first webhook";
            case SYNCING -> "webhook " + candidate.id() + " was created; its first full sync has not finished";
            case EXPIRED -> "webhook " + current.id() + " expired at " + current.validUntil()
                    + (flight != null ? "; a new webhook and a full sync are under way" : "; replacing it at the next check");
            case DISABLED -> "myProtime reports webhook " + current.id() + " as " + current.status() + "; replacing it";
            case GONE -> "myProtime answers 404 for webhook " + current.id() + "; replacing it";
            case STOPPED -> "the service is stopping";
        };
        if (reason == null || flight == null || lastFailure == null || lastFailure.at().isBefore(flight.startedAt)) {
            return reason;
        }
        return reason + "; attempt " + flight.attempts + " failed during " + lastFailure.during() + ": "
                + lastFailure.message() + (flight.nextAttemptAt != null ? "; next attempt at " + flight.nextAttemptAt : "");
    }

    private Instant renewalAt(ManagedWebhook webhook) {
        return webhook.renewalAt(settings.renewBefore(), settings.renewBeforeFraction());
    }

    private static String describe(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** The full sync of a new webhook did not reach the last page. */
    static final class SyncFailed extends RuntimeException {
        SyncFailed(String message) {
            super(message == null ? "the full sync failed" : message, null, false, false);
        }
    }

    /** A webhook was created but cannot be used (its key does not decode): a setting must change. */
    static final class UnusableWebhook extends RuntimeException {
        UnusableWebhook(String message) {
            super(message, null, false, false);
        }
    }
}
