package io.absencegroups.subscription;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One replacement in flight: (1) create a webhook, (2) put its key in the ring, (3) run a full sync,
 * (4) hand the synced webhook to the lifecycle, which makes it current. A failed step is tried again by the
 * same replacement after a backoff ({@link RetryDelays}); a webhook that was created but not yet synced is
 * kept and only its sync is retried, unless it fell due for renewal meanwhile. It runs until it hands a
 * webhook over or is cancelled; joiners wait on {@link #joined()}.
 * <p>
 * Guarded by {@code this}; myProtime, the sync and the hand-over are called outside the lock.
 */
final class Replacement {

    private static final Logger LOG = Logger.getLogger(Replacement.class);
    private static final String CREATE = "create webhook";
    private static final String SYNC = "full sync";

    /** What every replacement works with; the lifecycle makes one. */
    record Context(NewWebhooks newWebhooks, SubscriptionLifecycle.Sync sync, KeyRing keyRing, Clock clock,
                   SubscriptionLifecycle.Timer retries, ReplacementSettings settings, StatusBoard board,
                   DeleteQueue deletes, Consumer<String> attemptOutcomes) {
    }

    private final String reason;
    private final Instant startedAt;
    private final Context context;
    private final BiConsumer<Replacement, ManagedWebhook> handOver;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private int attempts;
    private String step = CREATE;
    private Instant nextAttemptAt;
    private Runnable cancelRetry;
    /** Created by this replacement, key in the ring, not yet synced. */
    private ManagedWebhook candidate;
    private boolean over;

    /** @param handOver given the synced webhook; it decides whether it becomes current */
    Replacement(String reason, Context context, BiConsumer<Replacement, ManagedWebhook> handOver) {
        this.reason = reason;
        this.startedAt = context.clock().instant();
        this.context = context;
        this.handOver = handOver;
    }

    String reason() {
        return reason;
    }

    /** Completes when the replacement handed over its webhook; fails when it was cancelled first. */
    Uni<Void> joined() {
        // a copy, so a joiner that cancels does not cancel the others
        return Uni.createFrom().completionStage(done::copy);
    }

    void attempt() {
        Uni<ManagedWebhook> ready;
        synchronized (this) {
            if (over) {
                return;
            }
            attempts++;
            nextAttemptAt = null;
            cancelRetry = null;
            if (candidate != null && !context.clock().instant().isBefore(context.settings().renewalAt(candidate))) {
                LOG.infof("dropping webhook %s: it is due for renewal before its first sync finished", candidate.id());
                // its key goes at once, the webhook is deleted
                context.keyRing().remove(candidate.id());
                context.deletes().add(candidate.id(), candidate.validUntil());
                candidate = null;
            }
            if (candidate != null) {
                ready = Uni.createFrom().item(candidate);
            } else {
                step = CREATE;
                ready = context.newWebhooks().create().map(this::adopt);
            }
        }
        ready.chain(this::syncFor).subscribe().with(webhook -> handOver.accept(this, webhook), this::failed);
    }

    private ManagedWebhook adopt(NewWebhooks.Created created) {
        ManagedWebhook webhook = created.webhook();
        boolean late;
        synchronized (this) {
            late = over;
            if (!late) {
                context.keyRing().add(webhook.id(), created.key());
                candidate = webhook;
            }
        }
        if (late) {
            // the stop already deleted what it knew of; this one answered after it
            context.newWebhooks().discard(webhook.id());
            throw new IllegalStateException("the subscription stopped while webhook " + webhook.id() + " was created");
        }
        LOG.infof("created webhook %s, valid until %s", webhook.id(), webhook.validUntil());
        return webhook;
    }

    private Uni<ManagedWebhook> syncFor(ManagedWebhook webhook) {
        return Uni.createFrom().deferred(() -> {
                    synchronized (this) {
                        step = SYNC;
                    }
                    return context.sync().run("webhook " + webhook.id() + " created");
                })
                .map(report -> {
                    if (!report.finished()) {
                        throw new SyncFailed(report.error());
                    }
                    return webhook.syncedAt(report.finishedAt());
                });
    }

    private void failed(Throwable failure) {
        Duration delay;
        String failedStep;
        int attempt;
        synchronized (this) {
            if (over) {
                return;
            }
            failedStep = step;
            attempt = attempts;
            Instant failedAt = context.board().attemptFailed(step, failure).at();
            RetryDelays delays = context.settings().retryDelays();
            delay = failure instanceof NewWebhooks.UnusableWebhook ? delays.rejected() : delays.after(attempts, failure);
            nextAttemptAt = failedAt.plus(delay);
            cancelRetry = context.retries().schedule(delay, this::attempt);
        }
        LOG.warnf("%s failed (attempt %d, %s); trying again in %s: %s", failedStep, attempt, reason, delay,
                StatusBoard.describe(failure));
        context.attemptOutcomes().accept("failure");
        context.deletes().deletePending();
    }

    /** The replacement handed its webhook over: it is done, and its joiners are told. */
    void succeeded() {
        synchronized (this) {
            over = true;
            candidate = null;
        }
        context.attemptOutcomes().accept("success");
        done.complete(null);
    }

    /** Stops the replacement: no more attempts; returns the webhook it created and had not handed over, if any. */
    ManagedWebhook cancel() {
        ManagedWebhook unfinished;
        synchronized (this) {
            over = true;
            if (cancelRetry != null) {
                cancelRetry.run();
            }
            unfinished = candidate;
        }
        done.completeExceptionally(new IllegalStateException("the subscription stopped"));
        return unfinished;
    }

    /** What {@code /subscription} shows of it. */
    synchronized SubscriptionStatus.Replacement view() {
        return new SubscriptionStatus.Replacement(reason, startedAt, attempts, candidate == null ? null : candidate.id(),
                nextAttemptAt);
    }

    /** The full sync of a new webhook did not reach the last page. */
    static final class SyncFailed extends RuntimeException {
        SyncFailed(String message) {
            super(message == null ? "the full sync failed" : message, null, false, false);
        }
    }
}
