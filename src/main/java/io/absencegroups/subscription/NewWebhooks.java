package io.absencegroups.subscription;

import io.absencegroups.upstream.CreatedWebhook;
import io.absencegroups.upstream.MalformedUpstreamResponse;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.function.Function;

/**
 * Creates the service's webhooks. Before the first one it looks for webhooks an earlier run left for the
 * same destination and queues them for deletion. A webhook that was created but cannot be used (its 201
 * had no key or no {@code validUntil}, or the key does not decode) is queued for deletion too, and the
 * create fails.
 * <p>
 * A plain class; one create runs at a time (the one replacement in flight makes them).
 */
final class NewWebhooks {

    private static final Logger LOG = Logger.getLogger(NewWebhooks.class);

    /** A webhook just created, with its HMAC key bytes (never logged). */
    record Created(ManagedWebhook webhook, byte[] key) {
        @Override
        public String toString() {
            return "Created[" + webhook.id() + "]";
        }
    }

    private final Webhooks webhooks;
    private final Function<String, byte[]> keyDecoder;
    private final Clock clock;
    private final StatusBoard board;
    private final DeleteQueue deletes;
    private volatile boolean leftoversChecked;

    /** @param keyDecoder turns the key myProtime sent into HMAC key bytes; throws when it cannot */
    NewWebhooks(Webhooks webhooks, Function<String, byte[]> keyDecoder, Clock clock,
                StatusBoard board, DeleteQueue deletes) {
        this.webhooks = webhooks;
        this.keyDecoder = keyDecoder;
        this.clock = clock;
        this.board = board;
        this.deletes = deletes;
    }

    /** Creates a webhook; fails with {@link UnusableWebhook} when it was created but its key does not decode. */
    Uni<Created> create() {
        Uni<Void> before = leftoversChecked ? Uni.createFrom().voidItem() : lookForLeftovers();
        return before
                .chain(webhooks::create)
                .onFailure().invoke(this::createFailed)
                .map(this::decode);
    }

    /** Before the first create, so the listing cannot contain the webhook this run creates. */
    private Uni<Void> lookForLeftovers() {
        return Uni.createFrom().deferred(webhooks::leftovers)
                .invoke(found -> {
                    if (!found.isEmpty()) {
                        LOG.infof("deleting %d webhook(s) an earlier run left for this destination: %s", found.size(), found.keySet());
                        deletes.addAll(found);
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("could not look for webhooks an earlier run left behind "
                        + "(carrying on): %s", StatusBoard.describe(failure)))
                .onFailure().recoverWithNull()
                .invoke(() -> leftoversChecked = true)
                .replaceWithVoid();
    }

    private void createFailed(Throwable failure) {
        board.createFailed();
        if (failure instanceof MalformedUpstreamResponse malformed && malformed.webhookId() != null) {
            // created, but useless without its key or lifetime
            deletes.addOfUnknownLifetime(malformed.webhookId());
        }
    }

    private Created decode(CreatedWebhook created) {
        byte[] key;
        try {
            key = keyDecoder.apply(created.key());
        } catch (RuntimeException e) {
            board.createFailed();
            deletes.add(created.id(), created.validUntil());
            throw new UnusableWebhook("webhook " + created.id() + " was created but its key cannot be used: " + e.getMessage());
        }
        board.webhookCreated();
        return new Created(ManagedWebhook.created(created.id(), clock.instant(), created.validUntil()), key);
    }

    /** Deletes a webhook that was created after the subscription stopped (best effort). */
    void discard(String id) {
        webhooks.delete(id).subscribe().with(ok -> { }, failure -> LOG.warnf(
                "could not delete webhook %s, created after stop: %s", id, StatusBoard.describe(failure)));
    }

    /** A webhook was created but cannot be used (its key does not decode): a setting must change. */
    static final class UnusableWebhook extends RuntimeException {
        UnusableWebhook(String message) {
            super(message, null, false, false);
        }
    }
}
