package io.absencegroups.subscription;

import io.absencegroups.testing.MutableClock;
import io.absencegroups.upstream.CreatedWebhook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The renewal is timed for when it is due, not left to the next periodic check: no {@code check()} is
 * called here. A fake clock and a scripted myProtime; no Quarkus.
 */
class RenewalOnTimeTest {

    private static final Instant T0 = Instant.parse("2025-03-24T10:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration RENEW_BEFORE = TestSettings.REPLACEMENT.renewBefore();

    private MutableClock clock;
    private FakeTimer timer;
    private FakeUpstream upstream;
    private SubscriptionLifecycle lifecycle;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(T0);
        timer = new FakeTimer(clock);
        upstream = new FakeUpstream(clock);
        lifecycle = new SubscriptionLifecycle(upstream, upstream, new KeyRing(clock),
                key -> key.getBytes(StandardCharsets.UTF_8), clock, timer, timer, TestSettings.REPLACEMENT, outcome -> { });
    }

    private CreatedWebhook webhook(String id, Duration lifetime) {
        return new CreatedWebhook(id, "key-of-" + id, clock.instant().plus(lifetime));
    }

    private void startActive(String id, Duration lifetime) {
        upstream.creates.add(webhook(id, lifetime));
        lifecycle.start();
        assertEquals(SubscriptionState.ACTIVE, lifecycle.status().state());
        upstream.calls.clear();
    }

    @Test
    void theWebhookIsReplacedAtItsRenewalTimeWithoutWaitingForACheck() {
        startActive("w1", WEEK);
        assertEquals(List.of(WEEK.minus(RENEW_BEFORE)), timer.pendingDelays(), "the renewal is timed");

        timer.advance(WEEK.minus(RENEW_BEFORE).minusMillis(1));
        assertTrue(upstream.calls.isEmpty(), "not due yet: " + upstream.calls);
        upstream.creates.add(new CreatedWebhook("w2", "key-of-w2", clock.instant().plusMillis(1).plus(WEEK)));

        timer.advance(Duration.ofMillis(1));

        assertEquals(List.of("create", "sync", "delete w1"), upstream.calls);
        assertEquals(T0.plus(WEEK).minus(RENEW_BEFORE), upstream.createTimes.get(1), "created at the due time, to the millisecond");
        assertEquals("w2", lifecycle.status().webhook().id());
        assertEquals(List.of(WEEK.minus(RENEW_BEFORE)), timer.pendingDelays(), "and the new webhook's renewal is timed");
    }

    @Test
    void aShortLivedWebhookIsRenewedAtItsShareOfTheLifetime() {
        startActive("w1", Duration.ofMinutes(10));
        upstream.creates.add(webhook("w2", WEEK));

        timer.advance(Duration.ofMinutes(8));

        assertEquals(List.of("create", "sync", "delete w1"), upstream.calls, "20% of 10 minutes before validUntil");
    }

    @Test
    void aWebhookReplacedEarlierIsNotRenewedAgainAtItsOldTime() {
        startActive("w1", WEEK);
        upstream.statuses.put("w1", "Disabled");
        timer.advance(Duration.ofDays(1));
        upstream.creates.add(webhook("w2", WEEK));
        lifecycle.check().await().indefinitely();
        assertEquals("w2", lifecycle.status().webhook().id());

        timer.advance(Duration.ofDays(6));

        assertEquals(1, upstream.count("create"), "w1's renewal time passed without a replacement of w2");
        assertEquals(List.of(WEEK.minus(RENEW_BEFORE)), timer.pendingDelays(), "only w2's renewal waits");
    }

    @Test
    void stopCancelsTheRenewal() {
        startActive("w1", WEEK);

        lifecycle.stop(false).await().indefinitely();
        timer.advance(WEEK);

        assertTrue(timer.pendingDelays().isEmpty());
        assertEquals(0, upstream.count("create"));
    }
}
