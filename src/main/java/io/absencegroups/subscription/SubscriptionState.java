package io.absencegroups.subscription;

/** Where the subscription is. Only ACTIVE and RENEWING are ready. */
public enum SubscriptionState {
    /** {@code protime.subscription.enabled=false}: no webhook, no sync, no upstream call. */
    OFF,
    /** Enabled, but a required setting is missing; nothing is attempted until it is set. */
    NOT_CONFIGURED,
    /** Not started yet (boot in progress). */
    NOT_STARTED,
    /** Creating the first webhook (retrying with backoff on failure). */
    CREATING,
    /** The first webhook exists and its key is in the ring; its full sync has not finished. */
    SYNCING,
    /** A webhook is Enabled and a full sync finished since it was created. Ready. */
    ACTIVE,
    /** Ready, and a replacement is in flight; the current webhook serves until its validUntil. */
    RENEWING,
    /** The current webhook is past its validUntil; a new webhook and a full sync are under way. */
    EXPIRED,
    /** myProtime reports the current webhook as something other than Enabled; it is being replaced. */
    DISABLED,
    /** myProtime answers 404 for the current webhook; it is being replaced. */
    GONE,
    /** The service is stopping; the webhook was deleted (or left, by setting). */
    STOPPED;

    public boolean ready() {
        return this == ACTIVE || this == RENEWING;
    }
}
