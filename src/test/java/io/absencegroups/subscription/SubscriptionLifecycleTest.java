package io.absencegroups.subscription;

import io.absencegroups.testing.MutableClock;
import io.absencegroups.upstream.CreatedWebhook;
import io.absencegroups.upstream.MalformedUpstreamResponse;
import io.absencegroups.upstream.UpstreamException;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webhook lifecycle, driven by a fake clock and a scripted myProtime; no Quarkus. */
class SubscriptionLifecycleTest {

    private static final Instant T0 = Instant.parse("2025-03-24T10:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);
    /** These tests renew through check(), the safety net; RenewalOnTimeTest covers the renewal timer. */
    private static final SubscriptionLifecycle.Timer NO_RENEWAL_TIMER = (delay, task) -> () -> { };

    private MutableClock clock;
    private FakeTimer timer;
    private FakeUpstream upstream;
    private KeyRing keyRing;
    private List<String> outcomes;
    private SubscriptionLifecycle lifecycle;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(T0);
        timer = new FakeTimer(clock);
        upstream = new FakeUpstream(clock);
        keyRing = new KeyRing(clock);
        outcomes = new ArrayList<>();
        lifecycle = new SubscriptionLifecycle(upstream, upstream, keyRing, SubscriptionLifecycleTest::decode,
                clock, timer, NO_RENEWAL_TIMER, TestSettings.REPLACEMENT, outcomes::add);
    }

    private static byte[] decode(String key) {
        if (key.startsWith("bad")) {
            throw new IllegalArgumentException("the webhook key is not base64");
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private CreatedWebhook webhook(String id, Duration lifetime) {
        return new CreatedWebhook(id, "key-of-" + id, clock.instant().plus(lifetime));
    }

    private SubscriptionStatus status() {
        return lifecycle.status();
    }

    private void startActive(String id, Duration lifetime) {
        upstream.creates.add(webhook(id, lifetime));
        lifecycle.start();
        assertEquals(SubscriptionState.ACTIVE, status().state());
        upstream.calls.clear();
    }

    @Test
    void startCreatesTheWebhookPutsItsKeyInTheRingAndIsReadyOnlyAfterTheSync() {
        upstream.creates.add(webhook("w1", WEEK));
        upstream.syncs.add(FakeUpstream.HOLD);

        lifecycle.start();

        assertEquals(List.of("leftovers", "create", "sync"), upstream.calls);
        assertEquals(List.of("w1"), keyRing.names(), "the key verifies deliveries while the sync runs");
        assertEquals(SubscriptionState.SYNCING, status().state());
        assertFalse(status().ready());
        assertTrue(status().reason().contains("first full sync has not finished"), status().reason());

        timer.advance(Duration.ofSeconds(3));
        upstream.heldSync.complete(upstream.complete());

        SubscriptionStatus active = status();
        assertEquals(SubscriptionState.ACTIVE, active.state());
        assertTrue(active.ready());
        assertNull(active.reason());
        assertEquals("w1", active.webhook().id());
        assertEquals(T0.plusSeconds(3), active.webhook().syncedAt());
        assertEquals(T0.plus(WEEK).minus(Duration.ofHours(1)), active.nextRenewal());
        assertEquals(List.of("success"), outcomes);
        assertEquals(1, active.counters().webhooksCreated());
    }

    @Test
    void createFailuresAreRetriedWithGrowingBackoffUntilOneSucceeds() {
        upstream.creates.add(new UpstreamException(503, null, "Maintenance: back soon"));
        upstream.creates.add(new UpstreamException(503, null, null));
        upstream.creates.add(new TimeoutException("timed out"));
        lifecycle.start();

        assertEquals(SubscriptionState.CREATING, status().state());
        assertFalse(status().ready());
        assertTrue(status().reason().contains("Maintenance: back soon"), status().reason());
        assertEquals(List.of(Duration.ofSeconds(5)), timer.pendingDelays());

        timer.advance(Duration.ofSeconds(5));
        assertEquals(List.of(Duration.ofSeconds(10)), timer.pendingDelays());
        timer.advance(Duration.ofSeconds(10));
        assertEquals(List.of(Duration.ofSeconds(20)), timer.pendingDelays());

        upstream.creates.add(webhook("w1", WEEK));
        timer.advance(Duration.ofSeconds(20));

        assertEquals(SubscriptionState.ACTIVE, status().state());
        assertEquals(4, upstream.count("create"));
        assertEquals(1, upstream.count("sync"));
        assertEquals(List.of("failure", "failure", "failure", "success"), outcomes);
        assertEquals(3, status().counters().failedAttempts());
        assertEquals("create webhook", status().lastFailure().during(), "the failure is kept for the record");
        assertTrue(timer.pendingDelays().isEmpty());
    }

    @Test
    void backoffIsCappedAtTheMaximum() {
        lifecycle.start();
        for (int i = 0; i < 10; i++) {
            timer.advance(timer.pendingDelays().get(0));
        }
        assertEquals(List.of(Duration.ofMinutes(5)), timer.pendingDelays());
    }

    @Test
    void aRejectedCreateWaitsTheRejectedDelayAndSaysWhy() {
        upstream.creates.add(new UpstreamException(400, null, "InvalidDestinationUrl: the destination must be https"));
        lifecycle.start();

        SubscriptionStatus s = status();
        assertEquals(SubscriptionState.CREATING, s.state());
        assertTrue(s.reason().contains("InvalidDestinationUrl: the destination must be https"), s.reason());
        assertTrue(s.lastFailure().message().contains("400"), s.lastFailure().message());
        assertEquals(List.of(Duration.ofMinutes(15)), timer.pendingDelays());

        timer.advance(Duration.ofMinutes(14));
        assertEquals(1, upstream.count("create"), "a rejection is not hammered");
        timer.advance(Duration.ofMinutes(1));
        assertEquals(2, upstream.count("create"));
    }

    @Test
    void aRetryAfterLongerThanTheBackoffIsHonoured() {
        upstream.creates.add(new UpstreamException(429, Duration.ofSeconds(120), "TooManyRequests: slow down"));
        lifecycle.start();

        assertEquals(List.of(Duration.ofSeconds(120)), timer.pendingDelays());
    }

    @Test
    void theWebhookIsReplacedBeforeValidUntilAndTheOldKeyRetiresAfterTheGracePeriod() {
        startActive("w1", WEEK);
        Instant validUntil = T0.plus(WEEK);

        timer.advance(WEEK.minus(Duration.ofHours(1)).minusSeconds(1));
        lifecycle.check().await().indefinitely();
        assertEquals(List.of("status w1"), upstream.calls, "not due yet: only the status is checked");
        upstream.calls.clear();

        upstream.creates.add(webhook("w2", WEEK));
        timer.advance(Duration.ofSeconds(1));
        lifecycle.check().await().indefinitely();

        assertEquals(List.of("create", "sync", "delete w1"), upstream.calls);
        assertTrue(upstream.createTimes.get(1).isBefore(validUntil), "the new webhook exists before the old one expires");
        SubscriptionStatus s = status();
        assertEquals(SubscriptionState.ACTIVE, s.state());
        assertEquals("w2", s.webhook().id());
        assertEquals(1, s.counters().replacements());
        assertEquals(1, s.counters().webhooksDeleted());

        List<KeyRing.SigningKey> keys = keyRing.activeKeys();
        assertEquals(List.of("w1", "w2"), keys.stream().map(KeyRing.SigningKey::name).toList(), "both keys verify during the grace period");
        assertEquals(clock.instant().plus(Duration.ofMinutes(10)), keys.get(0).retiresAt());
        assertNull(keys.get(1).retiresAt());

        timer.advance(Duration.ofMinutes(9));
        assertEquals(List.of("w1", "w2"), keyRing.names());
        timer.advance(Duration.ofMinutes(1));
        assertEquals(List.of("w2"), keyRing.names(), "the old key is retired after the grace period");
    }

    @Test
    void renewBeforeIsBoundedByAFractionOfTheLifetime() {
        startActive("w1", Duration.ofMinutes(10));
        assertEquals(T0.plus(Duration.ofMinutes(8)), status().nextRenewal(), "20% of 10 minutes, not 1 hour");

        timer.advance(Duration.ofMinutes(8).minusSeconds(1));
        lifecycle.check().await().indefinitely();
        assertEquals(0, upstream.count("create"));

        upstream.creates.add(webhook("w2", Duration.ofMinutes(10)));
        timer.advance(Duration.ofSeconds(1));
        lifecycle.check().await().indefinitely();
        assertEquals(1, upstream.count("create"));
        assertEquals("w2", status().webhook().id());
    }

    @Test
    void aFailedReplacementKeepsTheOldWebhookServingUntilItExpiresThenRecovers() {
        startActive("w1", Duration.ofHours(10));
        timer.advance(Duration.ofHours(9));
        lifecycle.check().await().indefinitely();

        SubscriptionStatus renewing = status();
        assertEquals(SubscriptionState.RENEWING, renewing.state());
        assertTrue(renewing.ready(), "the old webhook still serves");
        assertEquals("w1", renewing.webhook().id());
        assertNotNull(renewing.replacement().nextAttemptAt());
        assertTrue(keyRing.names().contains("w1"));

        timer.advance(Duration.ofMinutes(59));
        assertTrue(status().ready());
        timer.advance(Duration.ofMinutes(1));

        SubscriptionStatus expired = status();
        assertEquals(SubscriptionState.EXPIRED, expired.state());
        assertFalse(expired.ready());
        assertTrue(expired.reason().contains("expired"), expired.reason());
        long attempts = upstream.count("create");
        assertTrue(attempts > 5, "retries went on: " + attempts);

        upstream.creates.add(webhook("w2", WEEK));
        timer.advance(Duration.ofMinutes(5));
        assertEquals(SubscriptionState.ACTIVE, status().state());
        assertEquals("w2", status().webhook().id());
        assertEquals(List.of("create", "sync"), upstream.calls.subList(upstream.calls.size() - 2, upstream.calls.size()),
                "recovery is a new webhook plus a full sync");
        assertFalse(upstream.deleted.contains("w1"), "an expired webhook delivers nothing; no need to delete it");
    }

    @Test
    void aTriggerDuringAReplacementJoinsIt() {
        upstream.creates.add(FakeUpstream.HOLD);
        lifecycle.start();

        UniAssertSubscriber<Void> second = lifecycle.replace("disabled").subscribe().withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<Void> third = lifecycle.replace("due").subscribe().withSubscriber(UniAssertSubscriber.create());
        lifecycle.check().await().indefinitely();
        assertEquals(1, upstream.count("create"), "one replacement in flight");
        assertEquals("start", status().replacement().reason(), "the joined replacement keeps its first reason");
        second.assertNotTerminated();

        upstream.heldCreate.complete(webhook("w1", WEEK));

        second.assertCompleted();
        third.assertCompleted();
        assertEquals(1, upstream.count("create"));
        assertEquals(1, upstream.count("sync"));
        assertEquals(SubscriptionState.ACTIVE, status().state());
    }

    @Test
    void aDisabledWebhookIsReplacedByANewOneAndAFullSync() {
        startActive("w1", WEEK);
        upstream.statuses.put("w1", "Disabled");
        upstream.creates.add(webhook("w2", WEEK));
        upstream.syncs.add(FakeUpstream.HOLD);

        lifecycle.check().await().indefinitely();

        SubscriptionStatus disabled = status();
        assertEquals(SubscriptionState.DISABLED, disabled.state());
        assertFalse(disabled.ready(), "a Disabled webhook delivers nothing");
        assertTrue(disabled.reason().contains("Disabled"), disabled.reason());

        upstream.heldSync.complete(upstream.complete());
        assertEquals(List.of("status w1", "create", "sync", "delete w1"), upstream.calls);
        assertEquals(SubscriptionState.ACTIVE, status().state());
        assertEquals("w2", status().webhook().id());
    }

    @Test
    void aWebhookThatIsGoneIsReplaced() {
        startActive("w1", WEEK);
        upstream.statuses.put("w1", null);
        upstream.creates.add(webhook("w2", WEEK));
        upstream.syncs.add(FakeUpstream.HOLD);

        lifecycle.check().await().indefinitely();
        assertEquals(SubscriptionState.GONE, status().state());
        assertFalse(status().ready());

        upstream.heldSync.complete(upstream.complete());
        assertEquals(List.of("status w1", "create", "sync", "delete w1"), upstream.calls);
        assertEquals("w2", status().webhook().id());
        assertTrue(status().ready());
    }

    @Test
    void aStatusCheckThatFailsChangesNothingAndIsRecorded() {
        startActive("w1", WEEK);
        upstream.statuses.put("w1", new UpstreamException(503, null, null));

        lifecycle.check().await().indefinitely();

        assertEquals(SubscriptionState.ACTIVE, status().state());
        assertEquals(0, upstream.count("create"));
        assertEquals("check webhook w1", status().lastFailure().during());
    }

    @Test
    void theLastErrorIsResolvedByTheNextCheckThatIsAnswered() {
        startActive("w1", WEEK);
        upstream.statuses.put("w1", new IllegalStateException("circuit breaker is open"));
        lifecycle.check().await().indefinitely();
        assertNull(status().lastFailure().resolvedAt());

        clock.advance(Duration.ofMinutes(1));
        upstream.statuses.remove("w1");
        lifecycle.check().await().indefinitely();

        assertEquals("circuit breaker is open", status().lastFailure().message(), "kept for the record");
        assertEquals(clock.instant(), status().lastFailure().resolvedAt());
    }

    @Test
    void aFailedSyncIsRetriedWithoutCreatingAnotherWebhook() {
        upstream.creates.add(webhook("w1", WEEK));
        upstream.syncs.add(upstream.failed("myProtime answered 503 Service Unavailable"));
        lifecycle.start();

        assertEquals(SubscriptionState.SYNCING, status().state());
        assertTrue(status().reason().contains("full sync"), status().reason());
        assertTrue(status().reason().contains("503"), status().reason());
        assertEquals(List.of("w1"), keyRing.names());

        timer.advance(Duration.ofSeconds(5));
        assertEquals(SubscriptionState.ACTIVE, status().state());
        assertEquals(1, upstream.count("create"));
        assertEquals(2, upstream.count("sync"));
    }

    @Test
    void aWebhookWhoseKeyCannotBeUsedIsDeletedAndTheRetryWaits() {
        upstream.creates.add(new CreatedWebhook("w1", "bad key", clock.instant().plus(WEEK)));
        lifecycle.start();

        assertEquals(List.of("w1"), upstream.deleted);
        assertTrue(keyRing.isEmpty());
        assertTrue(status().reason().contains("cannot be used"), status().reason());
        assertFalse(status().reason().contains("bad key"), "never the key");
        assertEquals(List.of(Duration.ofMinutes(15)), timer.pendingDelays());
    }

    @Test
    void aCreateAnswerWithoutKeyDeletesTheWebhookItNamed() {
        upstream.creates.add(new MalformedUpstreamResponse("myProtime created webhook w1 but its 201 response has no key", "w1"));
        lifecycle.start();

        assertEquals(List.of("w1"), upstream.deleted);
        assertEquals(List.of(Duration.ofMinutes(15)), timer.pendingDelays());
        assertEquals(1, status().counters().createFailures());
    }

    @Test
    void leftoverWebhooksOfAnEarlierRunAreDeletedAndLookedForOnlyOnce() {
        upstream.leftovers = Map.of("old", T0.plus(Duration.ofDays(2)));
        upstream.creates.add(webhook("w1", Duration.ofMinutes(10)));
        lifecycle.start();
        assertEquals(List.of("leftovers", "create", "sync", "delete old"), upstream.calls);

        upstream.creates.add(webhook("w2", WEEK));
        timer.advance(Duration.ofMinutes(8));
        lifecycle.check().await().indefinitely();
        assertEquals(1, upstream.count("leftovers"));
        assertEquals("w2", status().webhook().id());
    }

    @Test
    void aFailedDeleteIsRetriedAtTheNextCheck() {
        startActive("w1", Duration.ofMinutes(10));
        upstream.creates.add(webhook("w2", WEEK));
        upstream.deletes.add(new UpstreamException(503, null, null));
        timer.advance(Duration.ofMinutes(8));

        lifecycle.check().await().indefinitely();
        assertTrue(upstream.deleted.isEmpty());
        assertEquals(1, status().counters().deleteFailures());

        lifecycle.check().await().indefinitely();
        assertEquals(List.of("w1"), upstream.deleted);
    }

    @Test
    void stopDeletesTheWebhookAndNothingRunsAfterwards() {
        startActive("w1", WEEK);

        lifecycle.stop(true).await().indefinitely();

        assertEquals(List.of("w1"), upstream.deleted);
        assertEquals(SubscriptionState.STOPPED, status().state());
        assertFalse(status().ready());
        lifecycle.check().await().indefinitely();
        assertEquals(List.of("delete w1"), upstream.calls);
    }

    @Test
    void stopEndsTheRetriesAndCanLeaveTheWebhook() {
        lifecycle.start();
        assertEquals(1, timer.pendingDelays().size());

        lifecycle.stop(false).await().indefinitely();
        timer.advance(Duration.ofHours(1));

        assertEquals(1, upstream.count("create"));
        assertTrue(upstream.deleted.isEmpty());
    }

    @Test
    void aWebhookCreatedAfterStopIsDeleted() {
        upstream.creates.add(FakeUpstream.HOLD);
        lifecycle.start();
        lifecycle.stop(true).await().indefinitely();

        upstream.heldCreate.complete(webhook("late", WEEK));

        assertEquals(List.of("late"), upstream.deleted);
        assertTrue(keyRing.isEmpty());
    }
}
