package io.absencegroups.cache.redis;

import io.absencegroups.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadlinesTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T00:00:00Z"));
    private final Deadlines deadlines = new Deadlines(Duration.ofSeconds(5), clock::millis);

    @Test
    void aPendingWaitExpiresOnlyOnceItsAllowanceIsUp() {
        CompletableFuture<String> call = new CompletableFuture<>();
        deadlines.watch(call, () -> call.completeExceptionally(new IllegalStateException("timed out")));

        clock.advance(Duration.ofMillis(4999));
        assertEquals(0, deadlines.sweep());
        assertFalse(call.isDone());

        clock.advance(Duration.ofMillis(1));
        assertEquals(1, deadlines.sweep());
        assertTrue(call.isCompletedExceptionally());
        assertEquals(0, deadlines.size());
    }

    @Test
    void aWaitThatEndedInTimeNeverRunsItsExpiryAndIsDropped() {
        CompletableFuture<String> call = new CompletableFuture<>();
        AtomicInteger expiries = new AtomicInteger();
        deadlines.watch(call, expiries::incrementAndGet);
        call.complete("answered");

        assertEquals(0, deadlines.sweep());
        assertEquals(0, deadlines.size(), "a done wait goes at the next sweep, due or not");
        clock.advance(Duration.ofSeconds(10));
        assertEquals(0, deadlines.sweep());
        assertEquals(0, expiries.get());
    }

    @Test
    void aWatchDropsTheWaitsThatEndedAtTheHeadWithoutASweep() {
        // a wait holds its delivery: left until the next sweep (up to 500 ms), a busy pod's waits crowded its heap
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        deadlines.watch(first, () -> { });
        deadlines.watch(second, () -> { });
        first.complete("answered");
        second.complete("answered");
        CompletableFuture<String> third = new CompletableFuture<>();
        deadlines.watch(third, () -> { });

        assertEquals(1, deadlines.size(), "only the pending third is left");
    }

    @Test
    void aWatchNeverExpiresAWaitAndAPendingOneKeepsTheEndedOnesBehindIt() {
        CompletableFuture<String> pending = new CompletableFuture<>();
        AtomicInteger expiries = new AtomicInteger();
        deadlines.watch(pending, expiries::incrementAndGet);
        CompletableFuture<String> ended = new CompletableFuture<>();
        deadlines.watch(ended, () -> { });
        ended.complete("answered");
        clock.advance(Duration.ofSeconds(6));
        deadlines.watch(new CompletableFuture<>(), () -> { });

        assertEquals(0, expiries.get(), "expiry is the sweep's, on its own thread");
        assertEquals(3, deadlines.size());
        assertEquals(1, deadlines.sweep());
        assertEquals(1, expiries.get());
        assertEquals(1, deadlines.size(), "the ended one went with the expired one; the last is not due yet");
    }

    @Test
    void waitsExpireInTheirOrderAndAPendingOneNotDueKeepsTheLaterOnes() {
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        List<Integer> expired = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            CompletableFuture<Integer> call = new CompletableFuture<>();
            int n = i;
            calls.add(call);
            deadlines.watch(call, () -> expired.add(n));
            clock.advance(Duration.ofSeconds(2));
        }
        // watched at 0 s, 2 s and 4 s; now 6 s: only the first is due
        calls.get(2).complete(2);
        assertEquals(1, deadlines.sweep());
        assertEquals(List.of(0), expired);
        assertEquals(2, deadlines.size(), "the done third waits behind the pending second");

        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, deadlines.sweep());
        assertEquals(List.of(0, 1), expired);
        assertEquals(0, deadlines.size());
    }

    @Test
    void everyWaitFromManyThreadsEitherEndsOrExpiresExactlyOnce() throws InterruptedException {
        int threads = 4;
        int perThread = 5000;
        AtomicInteger expiries = new AtomicInteger();
        List<CompletableFuture<Integer>> all = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int seed = t;
            new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    CompletableFuture<Integer> call = new CompletableFuture<>();
                    all.add(call);
                    deadlines.watch(call, () -> {
                        expiries.incrementAndGet();
                        call.complete(-1);
                    });
                    if ((i + seed) % 3 != 0) {
                        call.complete(i);
                    }
                    if (i % 100 == 0) {
                        deadlines.sweep();
                    }
                }
                done.countDown();
            }).start();
        }
        done.await();
        clock.advance(Duration.ofSeconds(5));
        deadlines.sweep();

        assertEquals(0, deadlines.size());
        long pendingAtTheEnd = all.stream().filter(c -> c.join() == -1).count();
        assertEquals(pendingAtTheEnd, expiries.get());
        assertTrue(expiries.get() > 0, "a third of the waits never ended by themselves");
    }

    @Test
    void anAllowanceMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Deadlines(Duration.ZERO, clock::millis));
    }
}
