package io.absencegroups.receiver;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.absencegroups.api.Problem;
import io.absencegroups.cache.ChangeWriter;
import io.absencegroups.subscription.DeliveryActivity;
import io.absencegroups.subscription.KeyRing;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Locale;

/**
 * Puts the receiver on the router. The path is a setting, so the route is registered here rather
 * than with a JAX-RS {@code @Path}; it runs on the event loop like the rest of the HTTP layer.
 * The static key, if configured, is already in the key ring ({@code KeyRingProducer} puts it there).
 */
@ApplicationScoped
public class ReceiverRoute {

    private static final Logger LOG = Logger.getLogger(ReceiverRoute.class);

    @Inject
    ReceiverConfig config;

    @Inject
    KeyRing keyRing;

    @Inject
    ChangeWriter writer;

    @Inject
    ObjectMapper mapper;

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    @Inject
    DeliveryActivity activity;

    void init(@Observes Router router) {
        String path = config.path();
        long maxBodySize = config.maxBodySize().asLongValue();
        if (!path.startsWith("/")) {
            throw new IllegalStateException("protime.webhook.path must start with '/', got '" + path + "'");
        }
        if (maxBodySize <= 0 || maxBodySize > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("protime.webhook.max-body-size must be between 1 byte and 2 GiB");
        }
        String header = config.signatureHeader().map(String::trim).filter(h -> !h.isEmpty()).orElse(null);

        DeliveryReceiver receiver = new DeliveryReceiver(
                new DeliveryReceiver.Settings(maxBodySize, config.bodyTimeout(), config.signatureMode()),
                new SignatureVerifier(keyRing, header),
                new DeliveryParser(mapper),
                writer,
                new DeliveryMetrics(registry, keyRing),
                activity,
                clock);
        router.post(path).handler(receiver).failureHandler(receiver::failed);
        String onlyPost = Problem.of(405, "this path accepts only POST").toJson();
        // registered after the POST route, so it sees every other method
        router.route(path).handler(ctx -> ctx.response().setStatusCode(405)
                .putHeader(HttpHeaders.ALLOW, "POST")
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(onlyPost));

        announce(path, header);
    }

    private void announce(String path, String header) {
        LOG.infof("webhook receiver on POST %s: signature-mode=%s, signature in %s, %d key(s) in the ring %s, "
                        + "bodies up to %d bytes",
                path, config.signatureMode().name().toLowerCase(Locale.ROOT), header != null ? "header " + header : "any header",
                keyRing.activeKeys().size(), keyRing.names(), config.maxBodySize().asLongValue());
        switch (config.signatureMode()) {
            case OFF -> LOG.warn("protime.webhook.signature-mode=off: deliveries are NOT authenticated; "
                    + "anyone who can reach " + path + " can change the data. Use this in development only.");
            case REPORT -> LOG.warn("protime.webhook.signature-mode=report: deliveries without a valid signature are "
                    + "applied and only logged; switch to enforce once signatures verify");
            case ENFORCE -> {
                if (keyRing.isEmpty()) {
                    LOG.info("no webhook key yet: deliveries get 401 until the subscription adds its key "
                            + "(or protime.webhook.static-key is set)");
                }
            }
        }
    }
}
