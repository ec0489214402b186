package io.absencegroups.subscription;

import io.absencegroups.sync.SyncReport;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The webhook lifecycle: a webhook that is always there, and a store that is always complete.
 * <p>
 * A {@link Replacement} does the one thing this class exists for: create a webhook, put its key in the ring,
 * run a full sync; then this class makes it the current webhook, deletes the old one and retires the old key
 * after the grace period. Start is a replacement with nothing to replace; renewal before {@code validUntil},
 * recovery from {@code Disabled}, a 404 or expiry are replacements too.
 * <p>
 * Only one replacement is in flight; a trigger that arrives meanwhile joins it (like oidc-client's tokens:
 * the current value, or one in-flight refresh). Meanwhile the old webhook keeps serving until its
 * {@code validUntil}; past it the state is EXPIRED and the service is not ready. Webhooks to delete wait in
 * the {@link DeleteQueue}; counters, the last failure and the status text are the {@link StatusBoard}'s.
 * <p>
 * A plain class: the clock, the timers, myProtime and the sync are passed in, so the tests drive it with a
 * fake clock and no Quarkus. Its state is guarded by {@code this}; upstream calls are made outside the lock.
 */
public final class SubscriptionLifecycle {

    private static final Logger LOG = Logger.getLogger(SubscriptionLifecycle.class);

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

    private final Clock clock;
    private final RenewalTimer renewal;
    private final ReplacementSettings settings;
    private final KeyRing keyRing;
    private final Webhooks webhooks;
    private final StatusBoard board;
    private final DeleteQueue deletes;
    private final Replacement.Context replacements;

    private boolean started;
    private boolean stopped;
    /** Serves deliveries and was synced; null until the first replacement finished. */
    private ManagedWebhook current;
    private Replacement flight;

    /**
     * @param keyDecoder      turns the key myProtime sent into HMAC key bytes; throws when it cannot
     * @param retries         runs a failed replacement's next attempt
     * @param renewals        starts the current webhook's replacement when it is due (the check is the safety net)
     * @param attemptOutcomes told "success" or "failure" after each replacement attempt (metrics)
     */
    public SubscriptionLifecycle(Webhooks webhooks, Sync sync, KeyRing keyRing, Function<String, byte[]> keyDecoder,
                                 Clock clock, Timer retries, Timer renewals, ReplacementSettings settings,
                                 Consumer<String> attemptOutcomes) {
        this.clock = clock;
        this.renewal = new RenewalTimer(renewals, clock);
        this.settings = settings;
        this.keyRing = keyRing;
        this.webhooks = webhooks;
        this.board = new StatusBoard(clock);
        this.deletes = new DeleteQueue(webhooks::delete, clock, board);
        this.replacements = new Replacement.Context(new NewWebhooks(webhooks, keyDecoder, clock, board, deletes), sync,
                keyRing, clock, retries, settings, board, deletes, attemptOutcomes);
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
     * Starts with a webhook another instance created and synced (a new owner of a shared store takes
     * it over instead of creating one): it is current at once, its renewal is timed, and a check asks
     * myProtime whether it is still Enabled. Its key must already be in the ring.
     */
    public void resume(ManagedWebhook adopted) {
        synchronized (this) {
            if (started || stopped) {
                return;
            }
            started = true;
            current = adopted;
            scheduleRenewal(adopted);
        }
        LOG.infof("took over webhook %s (valid until %s)", adopted.id(), adopted.validUntil());
        check().subscribe().with(ok -> { }, failure -> { });
    }

    /**
     * Starts a replacement, or joins the one in flight. The Uni completes when the new webhook is
     * current (retries included); it fails only when the lifecycle stops first.
     */
    public Uni<Void> replace(String reason) {
        Replacement f;
        boolean fresh = false;
        synchronized (this) {
            if (stopped) {
                return Uni.createFrom().failure(new IllegalStateException("the subscription is stopped"));
            }
            if (flight == null) {
                flight = new Replacement(reason, replacements, this::promote);
                fresh = true;
            }
            f = flight;
        }
        if (fresh) {
            LOG.infof("replacing the webhook: %s", reason);
            f.attempt();
        }
        return f.joined();
    }

    private void launch(String reason) {
        replace(reason).subscribe().with(done -> { }, stoppedFirst -> { });
    }

    /** The replacement's webhook is synced: it becomes current, and the one it replaces goes. */
    private void promote(Replacement f, ManagedWebhook webhook) {
        ManagedWebhook previous;
        synchronized (this) {
            if (stopped || flight != f) {
                return;
            }
            previous = current;
            current = webhook;
            flight = null;
            if (previous != null) {
                board.replaced();
                keyRing.retireAfter(previous.id(), settings.keyGracePeriod());
                deletes.add(previous.id(), previous.validUntil());
            }
            scheduleRenewal(webhook);
            board.recovered();
        }
        LOG.infof("webhook %s is current (valid until %s)%s", webhook.id(), webhook.validUntil(),
                previous == null ? "" : "; replaced " + previous.id() + ", its key retires in " + settings.keyGracePeriod());
        f.succeeded();
        deletes.deletePending();
    }

    private void scheduleRenewal(ManagedWebhook webhook) {
        // at the due time the check finds it due and starts the replacement
        renewal.at(settings.renewalAt(webhook), () -> check().subscribe().with(ok -> { }, failure -> { }));
    }

    /**
     * The check, run periodically and when the renewal is due: starts a replacement when the webhook is
     * expired or due for renewal, else asks myProtime whether it is still Enabled and replaces it when not
     * (Disabled, 404). Also retries the deletes of replaced webhooks. Nothing to do while a replacement is
     * in flight: it has its own retries.
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
                } else if (!now.isBefore(settings.renewalAt(current))) {
                    trigger = "webhook " + current.id() + " is due for renewal (valid until " + current.validUntil() + ")";
                } else {
                    poll = current;
                }
            }
        }
        deletes.deletePending();
        if (trigger != null) {
            launch(trigger);
        }
        return poll == null ? Uni.createFrom().voidItem() : poll(poll);
    }

    private Uni<Void> poll(ManagedWebhook polled) {
        return webhooks.status(polled.id())
                .invoke(status -> observed(polled, status.orElse(ManagedWebhook.GONE)))
                .onFailure().invoke(failure -> {
                    board.failed("check webhook " + polled.id(), failure);
                    LOG.warnf("could not check webhook %s (trying again at the next check): %s", polled.id(),
                            StatusBoard.describe(failure));
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
            if (current.enabled()) {
                board.recovered();
            } else {
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

    /**
     * Stops: no more attempts; with {@code deleteWebhooks}, deletes the current webhook, the one being
     * synced and any still waiting for deletion (best effort: failures are logged, not raised).
     */
    public Uni<Void> stop(boolean deleteWebhooks) {
        Replacement f;
        List<String> own = new ArrayList<>();
        synchronized (this) {
            if (stopped) {
                return Uni.createFrom().voidItem();
            }
            stopped = true;
            f = flight;
            flight = null;
            renewal.cancel();
            if (current != null) {
                own.add(current.id());
            }
        }
        ManagedWebhook unfinished = f == null ? null : f.cancel();
        if (unfinished != null) {
            own.add(unfinished.id());
        }
        if (!deleteWebhooks) {
            deletes.close();
            return Uni.createFrom().voidItem();
        }
        return deletes.drain(own);
    }

    /** A consistent snapshot. */
    public synchronized SubscriptionStatus status() {
        return board.status(started, stopped, current, flight == null ? null : flight.view(),
                current == null ? null : settings.renewalAt(current));
    }
}
