package io.absencegroups.subscription;

import io.absencegroups.cache.wiring.StoreConfig;
import io.absencegroups.config.ProtimeConfig;
import io.absencegroups.sync.FullSync;
import io.absencegroups.upstream.IsRejection;
import io.absencegroups.upstream.MyProtime;
import io.absencegroups.upstream.RetryAfterBackoff;
import io.absencegroups.upstream.UpstreamConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Wires the {@link SubscriptionLifecycle} into Quarkus: starts it on {@link StartupEvent} without
 * blocking boot, runs its check every {@code protime.subscription.check-interval}, gives it Vert.x timers
 * for its retries and its renewal, and stops it on {@link ShutdownEvent}, deleting the webhook (best
 * effort, short timeout).
 * <p>
 * With a required setting missing the service still boots (the read API works, liveness is UP), logs
 * what is missing once, and readiness and {@code /subscription} say what to set. A crash loop would only
 * hide that message in a previous container's log.
 */
@ApplicationScoped
public class SubscriptionManager {

    private static final Duration PING_SPACING = Duration.ofSeconds(5);
    private Instant lastPing;

    private static final Logger LOG = Logger.getLogger(SubscriptionManager.class);

    @Inject
    ProtimeConfig config;

    @Inject
    SubscriptionConfig settings;

    @Inject
    UpstreamConfig upstream;

    @Inject
    WebhookKeyConfig keys;

    @Inject
    Config rawConfig;

    @Inject
    MyProtime myProtime;

    @Inject
    FullSync fullSync;

    @Inject
    KeyRing keyRing;

    @Inject
    Clock clock;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    @Inject
    StoreConfig store;

    private volatile SubscriptionLifecycle lifecycle;
    /** With a shared store, what its owner recorded; null on the owner, and with the memory backend. */
    private volatile SubscriptionStatus recorded;
    private volatile List<String> missing = List.of();
    private volatile boolean launched;

    void onStart(@Observes StartupEvent event) {
        registerMeters();
        if (config.subscription().enabled() && store.backend() == StoreConfig.Backend.REDIS) {
            // several pods share the store: the one that holds the lease starts it (startOwning)
            LOG.info("store backend redis: the pod that holds the subscription lease runs the subscription");
        } else if (config.subscription().enabled()) {
            start();
        } else {
            LOG.info("the subscription is disabled (protime.subscription.enabled=false): no webhook, no full sync");
        }
        launched = true;
    }

    /** Every meter of the subscription, at start: a dashboard shows 0 for what has not happened yet, not nothing. */
    private void registerMeters() {
        Gauge.builder("absencegroups.webhook.valid.seconds", this, SubscriptionManager::secondsValid)
                .description("Seconds until the current webhook's validUntil (negative once past it; NaN without a webhook)")
                .register(registry);
        Gauge.builder("absencegroups.subscription.ready", this, m -> m.ready() ? 1 : 0)
                .description("1 while the subscription is ready (or off), 0 while not: readiness's subscription check")
                .register(registry);
        Gauge.builder("absencegroups.subscription.check.interval", settings, s -> s.checkInterval().toMillis() / 1000.0)
                .description("protime.subscription.check-interval: how often the webhook is checked and renewed")
                .baseUnit("seconds")
                .register(registry);
        for (String outcome : List.of("success", "rejected", "failure")) {
            outcomes("absencegroups.webhook.creates", "Webhooks created in myProtime, by outcome", outcome);
        }
        for (String outcome : List.of("success", "gone", "failure")) {
            outcomes("absencegroups.webhook.deletes", "Webhooks deleted in myProtime, by outcome (gone: it was not there)", outcome);
        }
        for (String outcome : List.of("success", "failure")) {
            outcomes("absencegroups.webhook.replacements", "Replacement attempts (create, key, full sync), by outcome", outcome);
        }
    }

    private Counter outcomes(String name, String description, String outcome) {
        return Counter.builder(name).description(description).tag("outcome", outcome).register(registry);
    }

    /** What readiness's subscription check says: ready, or the subscription is off. */
    private boolean ready() {
        SubscriptionStatus status = status();
        return status.ready() || status.state() == SubscriptionState.OFF;
    }

    /** Starts a new lifecycle (after a {@link #stop}, a fresh one); returns at once. */
    public void start() {
        start(null);
    }

    /**
     * This pod now owns the shared subscription: runs a lifecycle that takes over {@code adopted} (the
     * webhook the previous owner recorded) when it is given, else creates one. Returns at once.
     */
    public void startOwning(ManagedWebhook adopted) {
        if (config.subscription().enabled()) {
            start(adopted);
        }
    }

    /** This pod no longer owns the shared subscription: stop acting at once, and leave the webhook to the next owner. */
    public Uni<Void> stopOwning() {
        return stop(false);
    }

    /**
     * What the owner of the shared subscription recorded, shown by a pod that does not own it (its own
     * lifecycle is not running); null to show this pod's own.
     */
    public void recorded(SubscriptionStatus owners) {
        this.recorded = owners;
    }

    private synchronized void start(ManagedWebhook adopted) {
        SubscriptionLifecycle running = lifecycle;
        if (running != null && running.status().state() != SubscriptionState.STOPPED) {
            return;
        }
        List<String> absent = missingSettings();
        missing = absent;
        if (!absent.isEmpty()) {
            LOG.errorf("the subscription cannot start; set %s", String.join(", ", absent));
            return;
        }
        SubscriptionLifecycle fresh = new SubscriptionLifecycle(
                new MyProtimeWebhooks(myProtime, settings.destinationUrl().orElseThrow(),
                        settings.collectionName(), registry, clock),
                fullSync::run, keyRing, keys::decode, clock, this::schedule, this::schedule, replacementSettings(),
                outcome -> outcomes("absencegroups.webhook.replacements",
                        "Replacement attempts (create, key, full sync), by outcome", outcome).increment());
        lifecycle = fresh;
        if (adopted != null) {
            fresh.resume(adopted);
        } else {
            fresh.start();
        }
    }

    /** Stops the lifecycle; with {@code deleteWebhooks} deletes its webhooks (best effort). */
    public Uni<Void> stop(boolean deleteWebhooks) {
        SubscriptionLifecycle running = lifecycle;
        return running == null ? Uni.createFrom().voidItem() : running.stop(deleteWebhooks);
    }

    /**
     * Replaces the webhook now, or joins the replacement in flight (the lifecycle runs one at a time).
     * Returns the reason of the replacement that runs: {@code reason} when this call started it, another when it
     * joined one. Empty when no lifecycle runs: the subscription is off, not configured, not started or stopped.
     */
    public Optional<String> replaceNow(String reason) {
        SubscriptionLifecycle running = lifecycle;
        if (running == null || running.status().state() == SubscriptionState.STOPPED) {
            return Optional.empty();
        }
        // starts or joins at once; the Uni only reports when the new webhook is current
        running.replace(reason);
        SubscriptionStatus.Replacement inFlight = running.status().replacement();
        return Optional.of(inFlight == null ? reason : inFlight.reason());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (store.backend() == StoreConfig.Backend.REDIS) {
            // the webhook is shared: the owner hands it over to the next owner instead of deleting it
            stop(false).await().atMost(settings.deleteOnStopTimeout());
            return;
        }
        Duration timeout = settings.deleteOnStopTimeout();
        try {
            stop(settings.deleteOnStop()).await().atMost(timeout);
        } catch (RuntimeException e) {
            LOG.warnf("stopping the subscription did not finish within %s: %s", timeout, e.getMessage());
        }
    }

    @Scheduled(identity = "subscription-check", every = "${protime.subscription.check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> check() {
        SubscriptionLifecycle running = lifecycle;
        return running == null ? Uni.createFrom().voidItem() : running.check();
    }

    /**
     * Runs the renewal check now, in the background, when this pod runs the subscription's lifecycle (with the
     * redis backend: when it owns the lease); false when it does not.
     */
    public boolean checkNow() {
        SubscriptionLifecycle running = lifecycle;
        if (running == null || running.status().state() == SubscriptionState.STOPPED) {
            return false;
        }
        if (pingDue()) {
            running.check().subscribe().with(ok -> { }, failure -> LOG.debugf("the renewal check: %s", failure.getMessage()));
        }
        return true;
    }

    // the ping is open to anyone who reaches the pod: a flood of pings polls myProtime once per PING_SPACING at most
    private synchronized boolean pingDue() {
        Instant now = clock.instant();
        if (lastPing != null && now.isBefore(lastPing.plus(PING_SPACING))) {
            return false;
        }
        lastPing = now;
        return true;
    }

    /** The subscription now, including the states the lifecycle cannot know (off, not configured). */
    public SubscriptionStatus status() {
        if (!config.subscription().enabled()) {
            return SubscriptionStatus.of(SubscriptionState.OFF, null);
        }
        if (!missing.isEmpty()) {
            return SubscriptionStatus.of(SubscriptionState.NOT_CONFIGURED, "not configured: set " + String.join(", ", missing));
        }
        SubscriptionLifecycle running = lifecycle;
        SubscriptionStatus owners = recorded;
        if (owners != null && (running == null || running.status().state() == SubscriptionState.STOPPED)) {
            return owners;
        }
        return running == null
                ? SubscriptionStatus.of(SubscriptionState.NOT_STARTED, "the subscription has not started yet")
                : running.status();
    }

    /** Whether the start-up work ran (the lifecycle was launched, or found disabled or not configured). */
    public boolean launched() {
        return launched;
    }

    private double secondsValid() {
        ManagedWebhook webhook = status().webhook();
        return webhook == null ? Double.NaN : Duration.between(clock.instant(), webhook.validUntil()).toMillis() / 1000.0;
    }

    private Runnable schedule(Duration delay, Runnable task) {
        long id = vertx.setTimer(Math.max(1, delay.toMillis()), ignored -> task.run());
        return () -> vertx.cancelTimer(id);
    }

    private ReplacementSettings replacementSettings() {
        return new ReplacementSettings(settings.renewBefore(), settings.renewBeforeFraction(),
                settings.keyGracePeriod(),
                new RetryDelays(settings.initialRetryDelay(), settings.maxRetryDelay(), settings.rejectedRetryDelay(),
                        IsRejection.INSTANCE, RetryAfterBackoff::retryAfter));
    }

    /** The settings the subscription cannot work without, as "name (ENV_VAR)" for each one not set. */
    private List<String> missingSettings() {
        List<String> absent = new ArrayList<>();
        Optional<String> baseUrl = upstream.baseUrl();
        if (baseUrl.isEmpty()) {
            absent.add("protime.upstream.base-url (PROTIME_UPSTREAM_BASE_URL)");
        } else if (!isHttpUrl(baseUrl.get())) {
            absent.add("protime.upstream.base-url (PROTIME_UPSTREAM_BASE_URL) to an absolute http(s) URL, not '"
                    + baseUrl.get() + "'");
        }
        if (upstream.userAgent().filter(ua -> !ua.isBlank()).isEmpty()) {
            absent.add("protime.upstream.user-agent (PROTIME_UPSTREAM_USER_AGENT), e.g. 'AbsenceGroupsCache/1.0 (Acme)'");
        }
        if (settings.destinationUrl().filter(SubscriptionManager::isHttpUrl).isEmpty()) {
            absent.add("protime.subscription.destination-url (PROTIME_SUBSCRIPTION_DESTINATION_URL) to this service's public receiver URL");
        }
        boolean tokenUrl = present("quarkus.oidc-client.auth-server-url")
                || rawConfig.getOptionalValue("quarkus.oidc-client.token-path", String.class).filter(SubscriptionManager::isHttpUrl).isPresent();
        if (!tokenUrl) {
            absent.add("quarkus.oidc-client.token-path (QUARKUS_OIDC_CLIENT_TOKEN_PATH) to the token endpoint URL");
        }
        if (!present("quarkus.oidc-client.client-id")) {
            absent.add("quarkus.oidc-client.client-id (QUARKUS_OIDC_CLIENT_CLIENT_ID)");
        }
        if (!present("quarkus.oidc-client.credentials.client-secret.value") && !present("quarkus.oidc-client.credentials.secret")) {
            absent.add("quarkus.oidc-client.credentials.client-secret.value (QUARKUS_OIDC_CLIENT_CREDENTIALS_CLIENT_SECRET_VALUE)");
        }
        return List.copyOf(absent);
    }

    private boolean present(String name) {
        return rawConfig.getOptionalValue(name, String.class).filter(v -> !v.isBlank()).isPresent();
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value.strip());
            return uri.isAbsolute() && uri.getHost() != null
                    && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
