package io.absencegroups.subscription;

import io.absencegroups.testing.MutableClock;
import io.absencegroups.upstream.UpstreamException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The subscription's counters, last failure and status text, with a hand-moved clock; no Quarkus. */
class StatusBoardTest {

    private static final Instant T0 = Instant.parse("2025-03-24T10:00:00Z");
    private static final Instant VALID_UNTIL = T0.plus(Duration.ofDays(7));
    private static final Instant RENEWAL = VALID_UNTIL.minus(Duration.ofHours(1));

    private final MutableClock clock = new MutableClock(T0);
    private final StatusBoard board = new StatusBoard(clock);
    private final ManagedWebhook w1 = new ManagedWebhook("w1", T0, VALID_UNTIL, "Enabled", T0);

    private SubscriptionStatus.Replacement replacement(String newWebhookId, Instant nextAttemptAt) {
        return new SubscriptionStatus.Replacement("due", T0, 2, newWebhookId, nextAttemptAt);
    }

    @Test
    void everyKindOfEventIsCounted() {
        board.webhookCreated();
        board.webhookCreated();
        board.createFailed();
        board.replaced();
        board.attemptFailed("full sync", new IllegalStateException("boom"));
        board.deleteSucceeded("w0");
        board.deleteFailed("w1", new IllegalStateException("boom"));

        assertEquals(new SubscriptionStatus.Counters(2, 1, 1, 1, 1, 1), board.counters());
    }

    @Test
    void theLastFailureSaysWhenDuringWhatAndTheCausesMessage() {
        clock.advance(Duration.ofSeconds(5));
        board.failed("check webhook w1", new CompletionException(new UpstreamException(503, null, null)));

        assertEquals(new SubscriptionStatus.Failure(T0.plusSeconds(5), "check webhook w1", "myProtime answered 503 Service Unavailable"),
                board.lastFailure());

        board.deleteFailed("w0", new IllegalStateException());
        assertEquals("delete webhook w0", board.lastFailure().during());
        assertEquals("IllegalStateException", board.lastFailure().message(), "no message: the type's name");
    }

    @Test
    void aFailureIsKeptAfterRecoveryAndSaysWhenItWasResolved() {
        board.failed("check webhook w1", new IllegalStateException("circuit breaker is open"));
        assertNull(board.lastFailure().resolvedAt(), "it stands until the subscription works again");

        clock.advance(Duration.ofMinutes(2));
        board.recovered();
        assertEquals(new SubscriptionStatus.Failure(T0, "check webhook w1", "circuit breaker is open", T0.plusSeconds(120)),
                board.lastFailure());

        clock.advance(Duration.ofMinutes(1));
        board.recovered();
        assertEquals(T0.plusSeconds(120), board.lastFailure().resolvedAt(), "resolved once, at the first recovery");
    }

    @Test
    void aFailedDeleteIsResolvedOnlyByDeletingThatWebhook() {
        board.deleteFailed("w0", new IllegalStateException("boom"));
        board.recovered();
        board.deleteSucceeded("w9");
        assertNull(board.lastFailure().resolvedAt(), "a check or another delete does not undo it");

        clock.advance(Duration.ofSeconds(30));
        board.deleteSucceeded("w0");
        assertEquals(T0.plusSeconds(30), board.lastFailure().resolvedAt());
    }

    @Test
    void aResolvedFailureIsNotPartOfTheReason() {
        clock.advance(Duration.ofSeconds(1));
        board.failed("create webhook", new IllegalStateException("circuit breaker is open"));
        assertTrue(board.status(true, false, null, replacement(null, null), null).reason().contains("circuit breaker is open"));

        board.recovered();
        assertEquals("creating the first webhook", board.status(true, false, null, replacement(null, null), null).reason());
    }

    @Test
    void theStateFollowsTheLifecycle() {
        assertEquals(SubscriptionState.NOT_STARTED, board.status(false, false, null, null, null).state());
        assertEquals(SubscriptionState.CREATING, board.status(true, false, null, replacement(null, null), null).state());
        assertEquals(SubscriptionState.SYNCING, board.status(true, false, null, replacement("w1", null), null).state());
        assertEquals(SubscriptionState.ACTIVE, board.status(true, false, w1, null, RENEWAL).state());
        assertEquals(SubscriptionState.RENEWING, board.status(true, false, w1, replacement(null, null), RENEWAL).state());
        assertEquals(SubscriptionState.DISABLED, board.status(true, false, w1.withStatus("Disabled"), null, RENEWAL).state());
        assertEquals(SubscriptionState.GONE, board.status(true, false, w1.withStatus(ManagedWebhook.GONE), null, RENEWAL).state());
        assertEquals(SubscriptionState.STOPPED, board.status(true, true, w1, null, RENEWAL).state());
        clock.advance(Duration.ofDays(7));
        assertEquals(SubscriptionState.EXPIRED, board.status(true, false, w1, null, RENEWAL).state());
    }

    @Test
    void aReadySubscriptionHasNoReason() {
        SubscriptionStatus status = board.status(true, false, w1, null, RENEWAL);

        assertNull(status.reason());
        assertEquals(w1, status.webhook());
        assertEquals(RENEWAL, status.nextRenewal());
    }

    @Test
    void theReasonSaysWhatIsMissing() {
        assertEquals("creating the first webhook", board.status(true, false, null, replacement(null, null), null).reason());
        assertEquals("webhook w2 was created; its first full sync has not finished",
                board.status(true, false, null, replacement("w2", null), null).reason());
        assertEquals("myProtime reports webhook w1 as Disabled; replacing it",
                board.status(true, false, w1.withStatus("Disabled"), null, RENEWAL).reason());
        clock.advance(Duration.ofDays(7));
        assertEquals("webhook w1 expired at " + VALID_UNTIL + "; replacing it at the next check",
                board.status(true, false, w1, null, RENEWAL).reason());
        assertEquals("webhook w1 expired at " + VALID_UNTIL + "; a new webhook and a full sync are under way",
                board.status(true, false, w1, replacement(null, null), RENEWAL).reason());
    }

    @Test
    void theReasonAddsAFailureOfTheReplacementInFlightButNotAnOlderOne() {
        board.failed("check webhook w0", new IllegalStateException("before the replacement"));
        clock.advance(Duration.ofSeconds(1));
        Instant older = T0.plusSeconds(1);
        SubscriptionStatus.Replacement startedLater = new SubscriptionStatus.Replacement("start", older.plusSeconds(1), 1, null, null);
        assertEquals("creating the first webhook", board.status(true, false, null, startedLater, null).reason());

        board.attemptFailed("create webhook", new UpstreamException(503, null, "Maintenance: back soon"));
        Instant next = T0.plusSeconds(11);
        assertEquals("creating the first webhook; attempt 2 failed during create webhook: "
                        + "myProtime answered 503 Service Unavailable: Maintenance: back soon; next attempt at " + next,
                board.status(true, false, null, replacement(null, next), null).reason());
    }
}
