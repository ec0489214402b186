package io.absencegroups.subscription;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What the subscription has done and what went wrong last (the counters and the last failure, kept for
 * {@code /subscription} after recovery with the time it was resolved), and how the lifecycle's state reads: its {@link SubscriptionState}
 * and the sentence that says why it is not ready.
 * <p>
 * A plain class with an injected clock; guarded by {@code this}.
 */
final class StatusBoard implements DeleteQueue.Outcomes {

    private static final String DELETE = "delete webhook ";

    private final Clock clock;
    private SubscriptionStatus.Failure lastFailure;
    private long created;
    private long createFailures;
    private long replacements;
    private long failedAttempts;
    private long deleted;
    private long deleteFailures;

    StatusBoard(Clock clock) {
        this.clock = clock;
    }

    synchronized void webhookCreated() {
        created++;
    }

    synchronized void createFailed() {
        createFailures++;
    }

    synchronized void replaced() {
        replacements++;
    }

    /** A step of a replacement failed; it will be retried. Returns the failure as recorded. */
    synchronized SubscriptionStatus.Failure attemptFailed(String during, Throwable failure) {
        failedAttempts++;
        return failed(during, failure);
    }

    /** Something went wrong {@code during} a step, e.g. {@code check webhook w1}; it is kept as the last failure. */
    synchronized SubscriptionStatus.Failure failed(String during, Throwable failure) {
        lastFailure = new SubscriptionStatus.Failure(clock.instant(), during, describe(failure));
        return lastFailure;
    }

    /**
     * The subscription works again: a webhook became current, or a check of the current one was answered. The
     * last failure stays for the record, marked resolved now; a failed delete stands until that webhook is deleted.
     */
    synchronized void recovered() {
        if (lastFailure != null && !lastFailure.during().startsWith(DELETE)) {
            lastFailure = lastFailure.resolvedAt(clock.instant());
        }
    }

    @Override
    public synchronized void deleteSucceeded(String id) {
        deleted++;
        // only a failed delete of this very webhook is undone by deleting it
        if (lastFailure != null && lastFailure.during().equals(DELETE + id)) {
            lastFailure = lastFailure.resolvedAt(clock.instant());
        }
    }

    @Override
    public synchronized void deleteFailed(String id, Throwable failure) {
        deleteFailures++;
        failed(DELETE + id, failure);
    }

    synchronized SubscriptionStatus.Failure lastFailure() {
        return lastFailure;
    }

    synchronized SubscriptionStatus.Counters counters() {
        return new SubscriptionStatus.Counters(created, createFailures, replacements, failedAttempts, deleted, deleteFailures);
    }

    /**
     * The status of a lifecycle that is in the given state now.
     *
     * @param current     the webhook that serves, or null
     * @param replacement the replacement in flight, or null
     * @param nextRenewal when {@code current} is due for renewal
     */
    synchronized SubscriptionStatus status(boolean started, boolean stopped, ManagedWebhook current,
                                           SubscriptionStatus.Replacement replacement, Instant nextRenewal) {
        SubscriptionState state = state(started, stopped, current, replacement, clock.instant());
        return new SubscriptionStatus(state, reason(state, current, replacement), current, nextRenewal,
                replacement, lastFailure, counters());
    }

    private static SubscriptionState state(boolean started, boolean stopped, ManagedWebhook current,
                                           SubscriptionStatus.Replacement replacement, Instant now) {
        if (stopped) {
            return SubscriptionState.STOPPED;
        }
        if (!started) {
            return SubscriptionState.NOT_STARTED;
        }
        if (current == null) {
            return replacement == null || replacement.newWebhookId() == null ? SubscriptionState.CREATING : SubscriptionState.SYNCING;
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
        return replacement != null ? SubscriptionState.RENEWING : SubscriptionState.ACTIVE;
    }

    private String reason(SubscriptionState state, ManagedWebhook current, SubscriptionStatus.Replacement replacement) {
        String reason = switch (state) {
            case ACTIVE, RENEWING, OFF, NOT_CONFIGURED -> null;
            case NOT_STARTED -> "the subscription has not started yet";
            case CREATING -> "creating the first webhook";
            case SYNCING -> "webhook " + replacement.newWebhookId() + " was created; its first full sync has not finished";
            case EXPIRED -> "webhook " + current.id() + " expired at " + current.validUntil()
                    + (replacement != null ? "; a new webhook and a full sync are under way" : "; replacing it at the next check");
            case DISABLED -> "myProtime reports webhook " + current.id() + " as " + current.status() + "; replacing it";
            case GONE -> "myProtime answers 404 for webhook " + current.id() + "; replacing it";
            case STOPPED -> "the service is stopping";
        };
        if (reason == null || replacement == null || lastFailure == null || lastFailure.resolved()
                || lastFailure.at().isBefore(replacement.startedAt())) {
            return reason;
        }
        return reason + "; attempt " + replacement.attempts() + " failed during " + lastFailure.during() + ": "
                + lastFailure.message() + (replacement.nextAttemptAt() != null ? "; next attempt at " + replacement.nextAttemptAt() : "");
    }

    /** A failure's message for logs and the status: the cause's, unwrapped; never a stack trace. */
    static String describe(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
