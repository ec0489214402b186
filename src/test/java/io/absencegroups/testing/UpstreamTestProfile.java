package io.absencegroups.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * The subscription switched on against {@link MyProtimeWireMock}, with every time and count shrunk so
 * the retry, backoff, renewal and grace scenarios run in seconds. The breaker opens only when all of
 * the last 12 calls failed, so the scenarios with a few failures never trip it by accident.
 */
public class UpstreamTestProfile implements QuarkusTestProfile {

    public static final String USER_AGENT = "AbsenceGroupsCacheTest/1.0 (Tests)";
    public static final String DESTINATION = "https://cache.example.test/webhooks/absence-groups";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("protime.subscription.enabled", "true"),
                Map.entry("protime.upstream.user-agent", USER_AGENT),
                Map.entry("protime.upstream.connect-timeout", "1s"),
                Map.entry("protime.upstream.call-timeout", "1s"),
                Map.entry("protime.upstream.retry.max-retries", "3"),
                Map.entry("protime.upstream.retry.initial-delay", "PT0.02S"),
                Map.entry("protime.upstream.retry.max-delay", "PT0.1S"),
                Map.entry("protime.upstream.retry.max-duration", "10s"),
                Map.entry("protime.upstream.circuit-breaker.request-volume-threshold", "12"),
                Map.entry("protime.upstream.circuit-breaker.failure-ratio", "1.0"),
                Map.entry("protime.upstream.circuit-breaker.delay", "2s"),
                Map.entry("protime.subscription.destination-url", DESTINATION),
                Map.entry("protime.subscription.check-interval", "1s"),
                Map.entry("protime.subscription.renew-before", "1h"),
                Map.entry("protime.subscription.renew-before-fraction", "0.5"),
                Map.entry("protime.subscription.key-grace-period", "3s"),
                Map.entry("protime.subscription.initial-retry-delay", "PT0.05S"),
                Map.entry("protime.subscription.max-retry-delay", "PT0.2S"),
                Map.entry("protime.subscription.rejected-retry-delay", "1h"),
                Map.entry("protime.subscription.delete-on-stop-timeout", "2s"));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(MyProtimeWireMock.class));
    }
}
