package io.absencegroups.cache;

import org.junit.jupiter.api.Test;

import io.absencegroups.testing.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.absencegroups.cache.Groups.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Several threads apply one shuffled stream of upserts, deletes, duplicates and stale versions
 * while readers walk the store; the end state must be "greatest version per id", whatever the
 * interleaving. Each seed fixes the stream; a failure names its seed so it can be replayed with
 * {@code -Dstore.seed=<seed>}.
 */
class AbsenceGroupStoreConcurrencyTest {

    private static final int SEEDS = Integer.getInteger("store.seeds", 200);
    private static final int WRITERS = 4;
    private static final int IDS = 60;
    private static final int VERSIONS_PER_ID = 25;

    @Test
    void finalStateIsTheGreatestVersionPerIdForEverySeed() throws Exception {
        Long only = Long.getLong("store.seed");
        long first = only != null ? only : 1;
        long last = only != null ? only : SEEDS;
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        try {
            for (long seed = first; seed <= last; seed++) {
                runOnce(seed, pool);
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("store concurrency: seeds %d..%d, %d writers + 1 reader, %d changes per seed%n",
                first, last, WRITERS, IDS * VERSIONS_PER_ID * 3 / 2);
    }

    private void runOnce(long seed, ExecutorService pool) throws Exception {
        Random random = new Random(seed);
        ShuffledChanges changes = ShuffledChanges.of(random, IDS, VERSIONS_PER_ID);
        List<Change> stream = changes.stream();
        Map<Long, Change> greatest = changes.greatest();

        AbsenceGroupStore store = new AbsenceGroupStore(
                new MutableClock(Instant.parse("2026-11-30T10:00:00Z")), new StoreLimits(1_000_000, Duration.ofDays(365)));
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int offset = w;
            writers.add(pool.submit(() -> {
                start.await();
                for (int i = offset; i < stream.size(); i += WRITERS) {
                    store.apply(stream.get(i));
                }
                return null;
            }));
        }
        Future<String> reader = pool.submit(() -> {
            start.await();
            while (writing.get()) {
                String problem = readerSeesConsistentViews(store);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        });
        start.countDown();
        for (Future<?> writer : writers) {
            writer.get(60, TimeUnit.SECONDS);
        }
        writing.set(false);
        String readerProblem = reader.get(60, TimeUnit.SECONDS);
        if (readerProblem != null) {
            fail("seed " + seed + ": " + readerProblem);
        }

        for (long id = 1; id <= IDS; id++) {
            Change expected = greatest.get(id);
            Stored actual = store.stored(id).orElseThrow(() -> new AssertionError("nothing stored"));
            assertEquals(expected.changeVersion(), actual.changeVersion(), "seed " + seed + ", id " + id + ": version");
            if (expected instanceof Change.Delete) {
                assertTrue(actual instanceof Tombstone, "seed " + seed + ", id " + id + ": expected a tombstone");
                assertFalse(store.get(id).isPresent(), "seed " + seed + ", id " + id + ": deleted but visible");
            } else {
                assertEquals(((Change.InsertOrUpdate) expected).group(), store.get(id).orElse(null),
                        "seed " + seed + ", id " + id + ": live group");
            }
        }
        ChangesPage log = store.changesAfter(null, Integer.MAX_VALUE);
        assertEquals(IDS, log.changes().size(), "seed " + seed + ": one log entry per id");
        assertEquals(version(changes.last()), store.highWaterMark().orElseThrow(), "seed " + seed + ": high-water mark");
        assertEquals(greatest.values().stream().filter(c -> c instanceof Change.InsertOrUpdate).count(),
                store.snapshot().groups().size(), "seed " + seed + ": live count");
    }

    /** Views taken without locks must still be ordered; returns what is wrong, or null. */
    private static String readerSeesConsistentViews(AbsenceGroupStore store) {
        List<AbsenceGroup> groups = store.snapshot().groups();
        for (int i = 1; i < groups.size(); i++) {
            if (groups.get(i - 1).id() >= groups.get(i).id()) {
                return "snapshot not sorted by id at " + i;
            }
        }
        List<Stored> changes = store.changesAfter(null, Integer.MAX_VALUE).changes();
        for (int i = 1; i < changes.size(); i++) {
            if (changes.get(i - 1).position() >= changes.get(i).position()) {
                return "log not in position order at " + i;
            }
        }
        return null;
    }
}
