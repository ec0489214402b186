package io.absencegroups.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The service's one way to call myProtime. Every method is one upstream call under the
 * {@link UpstreamGuard} policy (retry with backoff and {@code Retry-After}, circuit breaker); each
 * attempt has a timeout, and a 401 gets one fresh token and one more try. The OIDC filter on the REST clients adds the
 * bearer token, reused until near expiry; the builder adds the {@code User-Agent} to every request.
 * <p>
 * The REST clients are built on first use from {@code protime.upstream.*}, so a service whose
 * subscription is disabled or not yet configured boots without a base URL.
 */
@ApplicationScoped
public class MyProtime {

    /** The {@code operation} tag of {@code absencegroups.upstream.calls}: one per kind of call. */
    static final List<String> OPERATIONS = List.of(
            "create-webhook", "get-webhook", "list-webhooks", "delete-webhook", "list-absence-groups");

    private static final Logger LOG = Logger.getLogger(MyProtime.class);

    @Inject
    UpstreamConfig config;

    @Inject
    ObjectMapper mapper;

    @Inject
    MeterRegistry registry;

    private volatile Clients clients;

    private record Clients(URI base, WebhooksApi webhooks, AbsenceGroupsApi groups) {
    }

    /**
     * Creates a webhook that posts the collection's changes to {@code destinationUrl}.
     * A 400 means the destination URL or the collection is not accepted; it is not retried.
     */
    @ApplyGuard(UpstreamGuard.NAME)
    public Uni<CreatedWebhook> createWebhook(String destinationUrl, String collectionName) {
        return call("create-webhook", () -> clients().webhooks().create(new WebhookRequest(destinationUrl, collectionName))
                .map(this::created));
    }

    private CreatedWebhook created(Response response) {
        try {
            String body = response.hasEntity() ? response.readEntity(String.class) : null;
            return CreatedWebhook.read(mapper, response.getHeaderString(HttpHeaders.LOCATION), body);
        } finally {
            response.close();
        }
    }

    /** One webhook; fails with a 404 {@link UpstreamException} when it no longer exists. */
    @ApplyGuard(UpstreamGuard.NAME)
    public Uni<UpstreamWebhook> webhook(String id) {
        return call("get-webhook", () -> clients().webhooks().get(id).map(body -> UpstreamWebhook.read(mapper, body)));
    }

    /** A page of webhooks matching {@code filter}: the first when {@code nextLink} is null, else the one it names. */
    @ApplyGuard(UpstreamGuard.NAME)
    public Uni<WebhookPage> webhooks(String filter, String nextLink) {
        return call("list-webhooks", () -> (nextLink == null
                ? clients().webhooks().list(filter)
                : clients().webhooks().page(follow(nextLink).toString())).map(body -> WebhookPage.read(mapper, body)));
    }

    /** Deletes a webhook (deliveries stop); fails with a 404 {@link UpstreamException} when it is already gone. */
    @ApplyGuard(UpstreamGuard.NAME)
    public Uni<Void> deleteWebhook(String id) {
        return call("delete-webhook", () -> clients().webhooks().delete(id));
    }

    /** A page of absence groups: the first when {@code nextLink} is null, else the one it names. */
    @ApplyGuard(UpstreamGuard.NAME)
    public Uni<GroupPage> absenceGroups(String nextLink) {
        return call("list-absence-groups", () -> (nextLink == null
                ? clients().groups().first()
                : clients().groups().page(follow(nextLink).toString())).map(body -> GroupPage.read(mapper, body)));
    }

    /**
     * One attempt (or two, after a 401). The attempt's timeout lives here rather than in the guard
     * because it must cancel the request, so a timed-out call neither lingers nor is counted twice.
     */
    private <T> Uni<T> call(String operation, Supplier<Uni<? extends T>> request) {
        Duration timeout = config.callTimeout();
        return Uni.createFrom().<T>deferred(request)
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException(
                        "myProtime did not answer " + operation + " within " + timeout + " (protime.upstream.call-timeout)"))
                .onItemOrFailure().invoke((item, failure) -> record(operation, CallOutcome.of(failure), failure))
                // the OIDC filter saw the 401 and drops its token; the retry gets a fresh one
                .onFailure(IsUnauthorized.INSTANCE).retry().atMost(1);
    }

    /** Every call counter, at start: a dashboard shows 0 for an outcome that has not happened rather than nothing. */
    void registerMeters(@Observes StartupEvent event) {
        for (String operation : OPERATIONS) {
            for (CallOutcome outcome : CallOutcome.values()) {
                calls(operation, outcome);
            }
        }
    }

    private Counter calls(String operation, CallOutcome outcome) {
        return Counter.builder("absencegroups.upstream.calls")
                .description("Attempts of calls to myProtime, by operation and how they ended")
                .tag("operation", operation)
                .tag("outcome", outcome.tag())
                .register(registry);
    }

    private void record(String operation, CallOutcome outcome, Throwable failure) {
        calls(operation, outcome).increment();
        if (failure != null) {
            LOG.debugf("myProtime %s failed (%s): %s", operation, outcome.tag(), failure.getMessage());
        }
    }

    /**
     * The absolute URL of a {@code nextLink}, which myProtime gives relative to the tenant host. It must stay
     * on that host: the bearer token goes wherever the link points.
     */
    URI follow(String nextLink) {
        URI base = clients().base();
        URI next = base.resolve(nextLink.strip());
        if (!Objects.equals(base.getScheme(), next.getScheme()) || !Objects.equals(base.getHost(), next.getHost())
                || base.getPort() != next.getPort()) {
            throw new MalformedUpstreamResponse("myProtime's nextLink leaves the tenant host " + base.getHost()
                    + "; not following it with the service's token");
        }
        return next;
    }

    private Clients clients() {
        Clients built = clients;
        if (built == null) {
            synchronized (this) {
                built = clients;
                if (built == null) {
                    built = clients = build();
                }
            }
        }
        return built;
    }

    private Clients build() {
        String baseUrl = config.baseUrl()
                .orElseThrow(() -> new IllegalStateException("protime.upstream.base-url is not set"));
        String userAgent = config.userAgent()
                .orElseThrow(() -> new IllegalStateException("protime.upstream.user-agent is not set"));
        URI base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        return new Clients(base, builder(base, userAgent).build(WebhooksApi.class),
                builder(base, userAgent).build(AbsenceGroupsApi.class));
    }

    private QuarkusRestClientBuilder builder(URI base, String userAgent) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(base)
                .userAgent(userAgent)
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                // only a backstop: the attempt's own timeout in call() must fire first, so a slow answer
                // is always a cancelled request counted as "timeout", never a racing read-timeout I/O error
                .readTimeout(config.callTimeout().multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS)
                .disableDefaultMapper(true)
                .register(new UpstreamErrorMapper(mapper));
    }
}
