package io.absencegroups.cache;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.absencegroups.cache.Groups.upsert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Waiters on the log (the watch lanes, the Redis writer) race the appends of other threads: every
 * wait must end once the log is past it, and none may loop on a wake-up meant for another.
 * <p>
 * The race it guards: a waiter that found the log already past its position after registering
 * once completed the shared wake-up in place, and every waiter after it, until the next append,
 * looped on that completed wake-up until its stack overflowed (seen in the redis ingest benchmark
 * as a 500, and it would stall a watch lane for good).
 */
class ChangeLogWaitersTest {

    private static final int WAITERS = 3;
    private static final int WAITS_EACH = Integer.getInteger("log.waits", 100_000);

    @Test
    void everyWaitEndsWhileOtherThreadsAppend() throws Exception {
        AbsenceGroupStore store = new AbsenceGroupStore(Clock.systemUTC(), new StoreLimits(10, Duration.ofHours(1)));
        ChangeLog log = store.log();
        ExecutorService pool = Executors.newFixedThreadPool(WAITERS + 1);
        AtomicBoolean waiting = new AtomicBoolean(true);
        try {
            Future<Long> appender = pool.submit(() -> {
                long appended = 0;
                while (waiting.get()) {
                    appended++;
                    store.apply(upsert(appended % 50, appended));
                    Thread.yield(); // the waiters are between appends as often as on them
                }
                return appended;
            });
            List<Future<Integer>> waiters = new ArrayList<>();
            for (int w = 0; w < WAITERS; w++) {
                waiters.add(pool.submit(() -> {
                    int done = 0;
                    for (int i = 0; i < WAITS_EACH; i++) {
                        long seen = log.last();
                        long past = log.whenPast(seen).toCompletableFuture().get(20, TimeUnit.SECONDS);
                        assertTrue(past > seen, "woken at " + past + " while waiting past " + seen);
                        done++;
                    }
                    return done;
                }));
            }
            for (Future<Integer> waiter : waiters) {
                assertEquals(WAITS_EACH, waiter.get(120, TimeUnit.SECONDS)); // an error in a waiter fails here
            }
            waiting.set(false);
            long appended = appender.get(20, TimeUnit.SECONDS);
            System.out.printf("log waiters: %d threads x %d waits over %d appends%n", WAITERS, WAITS_EACH, appended);
        } finally {
            waiting.set(false);
            pool.shutdownNow();
        }
    }
}
