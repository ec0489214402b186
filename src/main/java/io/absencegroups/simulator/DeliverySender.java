package io.absencegroups.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.absencegroups.cache.Change;
import io.quarkus.arc.profile.IfBuildProfile;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * POSTs signed deliveries to every enabled webhook's destination, with the mischief real
 * delivery has: some sent twice, each batch shuffled so they arrive out of order.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = {"dev", "test"})
public class DeliverySender {

    private static final Logger LOG = Logger.getLogger(DeliverySender.class);

    @Inject
    Vertx vertx;

    @Inject
    ObjectMapper mapper;

    @Inject
    SimulatedTenant tenant;

    @Inject
    SimulatorConfig settings;

    private final Random random = new Random();
    private HttpClient client;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();

    @PostConstruct
    void start() {
        client = vertx.createHttpClient();
    }

    @PreDestroy
    void stop() {
        client.close();
    }

    /** Delivers the changes to every webhook that is enabled now. */
    public void deliver(List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        for (SimulatedTenant.Webhook webhook : tenant.deliveringWebhooks()) {
            List<byte[]> bodies = new ArrayList<>();
            for (Change change : changes) {
                byte[] body = item(change);
                bodies.add(body);
                if (random.nextInt(100) < settings.duplicatePercent()) {
                    bodies.add(body);
                    duplicates.incrementAndGet();
                }
            }
            if (settings.shuffle()) {
                Collections.shuffle(bodies, random);
            }
            for (byte[] body : bodies) {
                post(webhook, body);
            }
        }
    }

    private void post(SimulatedTenant.Webhook webhook, byte[] body) {
        RequestOptions request = new RequestOptions()
                .setAbsoluteURI(webhook.destinationUrl())
                .setMethod(HttpMethod.POST)
                .setIdleTimeout(settings.deliveryTimeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "myProtime-simulator/1.0")
                .putHeader(settings.signatureHeader(), sign(webhook.key(), body));
        sent.incrementAndGet();
        inFlight.incrementAndGet();
        client.request(request)
                .compose(req -> req.send(Buffer.buffer(body)))
                .onComplete(result -> {
                    inFlight.decrementAndGet();
                    if (result.succeeded() && result.result().statusCode() / 100 == 2) {
                        accepted.incrementAndGet();
                        tenant.deliverySucceeded(webhook.id());
                    } else {
                        failed.incrementAndGet();
                        tenant.deliveryFailed(webhook.id());
                        LOG.debugf("delivery to webhook %s failed: %s", webhook.id(),
                                result.succeeded() ? "HTTP " + result.result().statusCode() : result.cause().toString());
                    }
                });
    }

    private byte[] item(Change change) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("changeType", change instanceof Change.Delete ? "Delete" : "InsertOrUpdate");
        item.put("data", change instanceof Change.InsertOrUpdate upsert
                ? upsert.group()
                : Map.of("id", change.id(), "changeVersion", change.changeVersion().text()));
        try {
            return mapper.writeValueAsBytes(item);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a delivery", e);
        }
    }

    /** HMAC-SHA256 of the exact body bytes with the key's UTF-8 bytes, as lower-case hex. */
    static String sign(String key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Counters for the control page and the end-to-end test. */
    public Map<String, Long> stats() {
        return Map.of("deliveriesSent", sent.get(), "duplicatesSent", duplicates.get(),
                "deliveriesAccepted", accepted.get(), "deliveriesFailed", failed.get(), "inFlight", inFlight.get());
    }

    public long inFlight() {
        return inFlight.get();
    }
}
