package io.absencegroups.subscription;

import java.time.Instant;

/**
 * A consistent snapshot of the subscription, for {@code /subscription}, readiness and metrics.
 *
 * @param reason      why it is not ready (null when ready)
 * @param webhook     the webhook that serves (null before the first one is synced)
 * @param nextRenewal when the replacement of {@code webhook} is due
 * @param replacement the replacement in flight, or null
 * @param lastFailure the last thing that went wrong, kept after recovery for the record
 */
public record SubscriptionStatus(SubscriptionState state, String reason, ManagedWebhook webhook, Instant nextRenewal,
                                 Replacement replacement, Failure lastFailure, Counters counters) {

    public boolean ready() {
        return state.ready();
    }

    static SubscriptionStatus of(SubscriptionState state, String reason) {
        return new SubscriptionStatus(state, reason, null, null, null, null, Counters.NONE);
    }

    /**
     * A replacement in flight.
     *
     * @param newWebhookId  the webhook it created and is syncing, or null before the create succeeded
     * @param nextAttemptAt when it tries again after a failure; null while an attempt runs
     */
    public record Replacement(String reason, Instant startedAt, int attempts, String newWebhookId, Instant nextAttemptAt) {
    }

    /**
     * Something that went wrong, kept for the record after recovery.
     *
     * @param at         when it went wrong
     * @param during     what was being done, e.g. {@code create webhook}, {@code full sync}
     * @param message    what went wrong, with myProtime's error code and message when it sent one; never a key or token
     * @param resolvedAt when the subscription next did that kind of work successfully (a webhook became current, a
     *                   check of the webhook was answered, the webhook that could not be deleted was deleted);
     *                   null while the failure stands
     */
    public record Failure(Instant at, String during, String message, Instant resolvedAt) {

        Failure(Instant at, String during, String message) {
            this(at, during, message, null);
        }

        public boolean resolved() {
            return resolvedAt != null;
        }

        Failure resolvedAt(Instant when) {
            return resolvedAt != null ? this : new Failure(at, during, message, when);
        }
    }

    /** Counts since the service started. */
    public record Counters(long webhooksCreated, long createFailures, long replacements, long failedAttempts,
                           long webhooksDeleted, long deleteFailures) {
        static final Counters NONE = new Counters(0, 0, 0, 0, 0, 0);
    }
}
