package io.absencegroups.subscription;

import io.absencegroups.testing.MutableClock;
import io.absencegroups.upstream.UpstreamException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webhooks waiting for deletion, with a scripted delete and a hand-moved clock; no Quarkus. */
class DeleteQueueTest {

    private static final Instant T0 = Instant.parse("2025-03-24T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final List<String> calls = new ArrayList<>();
    /** What the next deletes answer: a failure, or HOLD; none left = success. */
    private final Deque<Object> answers = new ArrayDeque<>();
    private static final Object HOLD = new Object();
    private UniEmitter<? super Void> held;
    private final List<String> outcomes = new ArrayList<>();

    private final DeleteQueue queue = new DeleteQueue(this::delete, clock, new DeleteQueue.Outcomes() {
        @Override
        public void deleteSucceeded(String id) {
            outcomes.add("deleted " + id);
        }

        @Override
        public void deleteFailed(String id, Throwable failure) {
            outcomes.add("failed " + id + ": " + failure.getMessage());
        }
    });

    private Uni<Void> delete(String id) {
        return Uni.createFrom().deferred(() -> {
            calls.add("delete " + id);
            Object next = answers.poll();
            if (next == HOLD) {
                return Uni.createFrom().emitter(e -> held = e);
            }
            return next instanceof Throwable t ? Uni.createFrom().failure(t) : Uni.createFrom().voidItem();
        });
    }

    @Test
    void aQueuedWebhookIsDeletedOnceAndTheOutcomeReported() {
        queue.add("w1", T0.plus(Duration.ofDays(7)));

        queue.deletePending();
        queue.deletePending();

        assertEquals(List.of("delete w1"), calls);
        assertEquals(List.of("deleted w1"), outcomes);
    }

    @Test
    void aFailedDeleteStaysQueuedAndIsTriedAgainAtTheNextCall() {
        queue.add("w1", T0.plus(Duration.ofDays(7)));
        answers.add(new UpstreamException(503, null, "Maintenance: back soon"));

        queue.deletePending();
        assertEquals(List.of("failed w1: myProtime answered 503 Service Unavailable: Maintenance: back soon"), outcomes);

        queue.deletePending();
        assertEquals(List.of("delete w1", "delete w1"), calls);
        assertEquals("deleted w1", outcomes.get(1));
    }

    @Test
    void aWebhookHasOneDeleteInFlightAtATime() {
        queue.add("w1", T0.plus(Duration.ofDays(7)));
        answers.add(HOLD);

        queue.deletePending();
        queue.deletePending();
        assertEquals(List.of("delete w1"), calls, "the first delete has not answered yet");

        held.complete(null);
        queue.deletePending();
        assertEquals(List.of("delete w1"), calls, "it answered: nothing left to delete");
        assertEquals(List.of("deleted w1"), outcomes);
    }

    @Test
    void aWebhookPastItsValidUntilIsForgottenNotDeleted() {
        queue.addAll(Map.of("w1", T0.plus(Duration.ofHours(1))));
        answers.add(new UpstreamException(503, null, null));
        queue.deletePending();

        clock.advance(Duration.ofHours(1));
        queue.deletePending();

        assertEquals(List.of("delete w1"), calls, "past its validUntil it delivers nothing; no second try");
    }

    @Test
    void aWebhookOfUnknownLifetimeIsTriedForADay() {
        queue.addOfUnknownLifetime("w1");
        answers.add(new UpstreamException(503, null, null));
        queue.deletePending();
        answers.add(new UpstreamException(503, null, null));
        clock.advance(DeleteQueue.UNKNOWN_LIFETIME.minusSeconds(1));
        queue.deletePending();
        clock.advance(Duration.ofSeconds(1));
        queue.deletePending();

        assertEquals(List.of("delete w1", "delete w1"), calls);
    }

    @Test
    void afterCloseNothingIsDeleted() {
        queue.add("w1", T0.plus(Duration.ofDays(7)));
        queue.close();

        queue.deletePending();

        assertTrue(calls.isEmpty());
    }

    @Test
    void drainDeletesTheGivenAndTheQueuedWebhooksOnceAndSwallowsFailures() {
        queue.add("old", T0.plus(Duration.ofDays(7)));
        answers.add(new UpstreamException(503, null, null));

        assertNull(queue.drain(List.of("current")).await().atMost(Duration.ofSeconds(1)));

        assertEquals(List.of("delete current", "delete old"), calls);
        queue.deletePending();
        assertEquals(2, calls.size(), "a drained queue is closed");
    }
}
