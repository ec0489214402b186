package io.absencegroups.cache;

import io.absencegroups.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.absencegroups.cache.Groups.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The change feed loses nothing. For every seed: writers apply a shuffled stream of upserts and
 * deletes (with duplicates, stale re-sends and late lower versions), a reconciler removes groups
 * that a "listing" no longer has, and three followers poll the log with small limits while all of
 * that runs:
 * <ul>
 *     <li>one starts at the beginning of the log;</li>
 *     <li>one lists first (a snapshot and its cursor), then follows from that cursor;</li>
 *     <li>one drops its connection at random moments and resumes from its cursor.</li>
 * </ul>
 * At the end every follower's copy must equal the store's live groups exactly. On odd seeds the
 * tombstone bound is tiny, so purges expire cursors: a follower that gets "expired" lists again
 * and follows from there, as consumers are told to.
 * <p>
 * A failure names its seed; replay one with {@code -Dlog.seed=<seed>}.
 */
class ChangeLogFollowersPropertyTest {

    private static final int SEEDS = Integer.getInteger("log.seeds", 200);
    private static final int WRITERS = 3;
    private static final int IDS = 40;
    private static final int VERSIONS_PER_ID = 15;

    @Test
    void everyFollowerEndsEqualToTheStoreForEverySeed() throws Exception {
        Long only = Long.getLong("log.seed");
        long first = only != null ? only : 1;
        long last = only != null ? only : SEEDS;
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 4);
        int expiries = 0;
        try {
            for (long seed = first; seed <= last; seed++) {
                expiries += runOnce(seed, pool);
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("change log followers: seeds %d..%d, %d writers, 1 reconciler, 3 followers; %d cursor expiries handled%n",
                first, last, WRITERS, expiries);
        if (only == null) {
            assertTrue(expiries > 0, "the small tombstone bound of the odd seeds must expire some cursors, or that path was not tested");
        }
    }

    /** @return how many times a follower was told its cursor expired */
    private int runOnce(long seed, ExecutorService pool) throws Exception {
        Random random = new Random(seed);
        ShuffledChanges changes = ShuffledChanges.of(random, IDS, VERSIONS_PER_ID);
        List<Change> stream = changes.stream();
        Map<Long, Change> greatest = changes.greatest();

        boolean smallBound = seed % 2 == 1;
        AbsenceGroupStore store = new AbsenceGroupStore(new MutableClock(Instant.parse("2026-12-01T10:00:00Z")),
                new StoreLimits(smallBound ? 5 : 1_000_000, Duration.ofDays(365)));
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
        // the greatest listing version each id was reconciled at: a later real change must win over it
        Map<Long, ChangeVersion> reconciledAt = new ConcurrentHashMap<>();
        long reconcilerSeed = random.nextLong();
        writers.add(pool.submit(() -> {
            start.await();
            Random own = new Random(reconcilerSeed);
            while (writing.get()) {
                long listingStart = store.position();
                ChangeVersion listingVersion = store.highWaterMark().orElse(null);
                long id = 1 + own.nextInt(IDS);
                // the group was applied before listingStart, so its version is at most listingVersion:
                // the tombstone takes listingVersion itself
                if (listingVersion != null && store.removeVanished(id, listingStart, listingVersion)) {
                    reconciledAt.merge(id, listingVersion, ChangeVersion::max);
                }
                Thread.onSpinWait();
            }
            return null;
        }));
        List<Follower> followers = List.of(
                new Follower("from the start", store, new Random(random.nextLong()), false, false),
                new Follower("list then follow", store, new Random(random.nextLong()), true, false),
                new Follower("resuming", store, new Random(random.nextLong()), false, true));
        List<Future<?>> following = new ArrayList<>();
        for (Follower follower : followers) {
            following.add(pool.submit(() -> {
                start.await();
                follower.followWhile(writing);
                return null;
            }));
        }
        start.countDown();
        for (int w = 0; w < WRITERS; w++) {
            writers.get(w).get(60, TimeUnit.SECONDS);
        }
        writing.set(false);
        writers.get(WRITERS).get(60, TimeUnit.SECONDS);
        for (Future<?> f : following) {
            f.get(60, TimeUnit.SECONDS);
        }

        Map<Long, AbsenceGroup> live = new HashMap<>();
        for (AbsenceGroup group : store.snapshot().groups()) {
            live.put(group.id(), group);
        }
        int expiries = 0;
        for (Follower follower : followers) {
            follower.drain();
            String difference = difference(live, follower.copy);
            if (difference != null) {
                fail("seed " + seed + ": follower '" + follower.name + "' differs from the store: " + difference);
            }
            expiries += follower.expiries;
        }

        // the rule itself, where no purge could have undone a tombstone
        if (!smallBound) {
            for (long id = 1; id <= IDS; id++) {
                Change real = greatest.get(id);
                ChangeVersion blockedUpTo = reconciledAt.get(id);
                Stored stored = store.stored(id).orElseThrow();
                if (blockedUpTo == null || real.changeVersion().compareTo(blockedUpTo) > 0) {
                    // never reconciled, or myProtime's last real change came after the reconcile: it wins
                    assertEquals(real.changeVersion(), stored.changeVersion(), "seed " + seed + ", id " + id + ": the greatest real change");
                    assertEquals(real instanceof Change.InsertOrUpdate, stored instanceof Stored.Live, "seed " + seed + ", id " + id);
                } else {
                    assertTrue(stored instanceof Tombstone, "seed " + seed + ", id " + id + ": reconciled at "
                            + blockedUpTo + " after its last real change " + real.changeVersion() + ", so deleted");
                }
            }
        }
        return expiries;
    }

    /** The ids whose state differs, with both sides' versions; null when equal. */
    private static String difference(Map<Long, AbsenceGroup> expected, Map<Long, AbsenceGroup> actual) {
        StringBuilder out = new StringBuilder();
        for (long id = 1; id <= IDS; id++) {
            AbsenceGroup want = expected.get(id);
            AbsenceGroup got = actual.get(id);
            if (!java.util.Objects.equals(want, got)) {
                out.append(" id ").append(id).append(": store ").append(want == null ? "none" : want.changeVersion())
                        .append(", follower ").append(got == null ? "none" : got.changeVersion()).append(';');
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    /** A consumer that keeps its own copy from the feed. */
    private static final class Follower {
        final String name;
        final AbsenceGroupStore store;
        final Random random;
        final boolean listFirst;
        final boolean dropsConnection;
        final Map<Long, AbsenceGroup> copy = new HashMap<>();
        Cursor cursor;
        int expiries;

        Follower(String name, AbsenceGroupStore store, Random random, boolean listFirst, boolean dropsConnection) {
            this.name = name;
            this.store = store;
            this.random = random;
            this.listFirst = listFirst;
            this.dropsConnection = dropsConnection;
        }

        void followWhile(AtomicBoolean writing) {
            if (listFirst) {
                relist();
            }
            while (writing.get()) {
                poll();
                if (dropsConnection && random.nextInt(10) == 0) {
                    // a new connection knows only the cursor it kept
                    Thread.yield();
                }
            }
        }

        void drain() {
            while (!poll()) {
                // until a page says it is complete
            }
            // once more: a page read while the last writes landed is complete only up to its start
            poll();
        }

        /** @return whether the page was complete */
        boolean poll() {
            ChangesPage page;
            try {
                page = store.changesAfter(cursor, 1 + random.nextInt(7));
            } catch (CursorExpiredException e) {
                expiries++;
                relist();
                return false;
            }
            for (Stored entry : page.changes()) {
                if (entry instanceof Stored.Live live) {
                    copy.put(entry.id(), live.group());
                } else {
                    copy.remove(entry.id());
                }
            }
            cursor = page.next();
            return page.complete();
        }

        /** What consumers are told to do on 410: list, then follow from the list's cursor. */
        void relist() {
            Snapshot snapshot = store.snapshot();
            copy.clear();
            for (AbsenceGroup group : snapshot.groups()) {
                copy.put(group.id(), group);
            }
            cursor = snapshot.cursor();
        }
    }
}
