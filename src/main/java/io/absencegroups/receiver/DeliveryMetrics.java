package io.absencegroups.receiver;

import io.absencegroups.cache.ApplyResult;
import io.absencegroups.cache.Change;
import io.absencegroups.subscription.KeyRing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Locale;

/**
 * The receiver's meters. Every counter is registered once, up front, and kept in an array indexed
 * by enum ordinal, so counting a delivery is an array read and an add, never a registry lookup.
 * <p>
 * On {@code /q/metrics} (Prometheus names):
 * {@code absencegroups_webhook_deliveries_total{outcome=applied|ignored|rejected, reason=none|too_large|not_json|too_slow|empty|signature|malformed}},
 * {@code absencegroups_webhook_items_total{change_type=InsertOrUpdate|Delete, result=applied|duplicate|stale}},
 * {@code absencegroups_webhook_signature_failures_total{mode=enforce|report, reason=missing|unreadable|mismatch}},
 * {@code absencegroups_webhook_body_size_bytes} (count, sum, max) and {@code absencegroups_webhook_keys} (active keys).
 */
final class DeliveryMetrics {

    static final String DELIVERIES = "absencegroups.webhook.deliveries";
    static final String ITEMS = "absencegroups.webhook.items";
    static final String SIGNATURE_FAILURES = "absencegroups.webhook.signature.failures";
    static final String BODY_SIZE = "absencegroups.webhook.body.size";
    static final String KEYS = "absencegroups.webhook.keys";

    private final Counter applied;
    private final Counter ignored;
    private final Counter[] rejected;
    /** [0] InsertOrUpdate, [1] Delete; then by {@link ApplyResult}. */
    private final Counter[][] items;
    /** By {@link SignatureMode} (OFF never counts), then by {@link Verdict.Outcome}. */
    private final Counter[][] signatureFailures;
    private final DistributionSummary bodySize;

    DeliveryMetrics(MeterRegistry registry, KeyRing keyRing) {
        applied = delivery(registry, "applied", "none");
        ignored = delivery(registry, "ignored", "none");
        rejected = new Counter[Rejection.values().length];
        for (Rejection rejection : Rejection.values()) {
            rejected[rejection.ordinal()] = delivery(registry, "rejected", rejection.tag);
        }
        String[] changeTypes = {"InsertOrUpdate", "Delete"};
        items = new Counter[changeTypes.length][ApplyResult.values().length];
        for (int type = 0; type < changeTypes.length; type++) {
            for (ApplyResult result : ApplyResult.values()) {
                items[type][result.ordinal()] = Counter.builder(ITEMS)
                        .description("Items of accepted webhook deliveries, by what the store did with them")
                        .tag("change_type", changeTypes[type])
                        .tag("result", result.name().toLowerCase(Locale.ROOT))
                        .register(registry);
            }
        }
        signatureFailures = new Counter[SignatureMode.values().length][Verdict.Outcome.values().length];
        for (SignatureMode mode : new SignatureMode[]{SignatureMode.ENFORCE, SignatureMode.REPORT}) {
            for (Verdict.Outcome outcome : Verdict.Outcome.values()) {
                if (outcome != Verdict.Outcome.VALID) {
                    signatureFailures[mode.ordinal()][outcome.ordinal()] = Counter.builder(SIGNATURE_FAILURES)
                            .description("Deliveries without a valid signature (refused in enforce mode, applied in report mode)")
                            .tag("mode", mode.name().toLowerCase(Locale.ROOT))
                            .tag("reason", outcome.name().toLowerCase(Locale.ROOT))
                            .register(registry);
                }
            }
        }
        bodySize = DistributionSummary.builder(BODY_SIZE)
                .description("Size of webhook delivery bodies read whole")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder(KEYS, keyRing, ring -> ring.activeKeys().size())
                .description("Webhook keys that currently verify deliveries")
                .register(registry);
    }

    private static Counter delivery(MeterRegistry registry, String outcome, String reason) {
        return Counter.builder(DELIVERIES)
                .description("Webhook deliveries by outcome; rejected ones by reason")
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry);
    }

    void accepted(int appliedItems) {
        (appliedItems > 0 ? applied : ignored).increment();
    }

    void rejected(Rejection rejection) {
        rejected[rejection.ordinal()].increment();
    }

    void item(Change change, ApplyResult result) {
        items[change instanceof Change.Delete ? 1 : 0][result.ordinal()].increment();
    }

    void signatureFailure(SignatureMode mode, Verdict verdict) {
        signatureFailures[mode.ordinal()][verdict.outcome().ordinal()].increment();
    }

    void bodySize(int bytes) {
        bodySize.record(bytes);
    }
}
