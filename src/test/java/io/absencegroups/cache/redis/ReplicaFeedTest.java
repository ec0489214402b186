package io.absencegroups.cache.redis;

import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.StoreLimits;
import io.absencegroups.cache.Stored;
import io.absencegroups.cache.Tombstone;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static io.absencegroups.cache.Groups.group;
import static io.absencegroups.cache.Groups.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replica's feed without Redis: own runs and the tail's entries in every order, against the
 * rule that the replica always holds the shared log up to its position, and nothing else.
 */
class ReplicaFeedTest {

    private static final String E0 = "00000000000000e0";
    private static final String E1 = "00000000000000e1";
    private static final String E2 = "00000000000000e2";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);

    private final AbsenceGroupStore store = new AbsenceGroupStore(CLOCK, new StoreLimits(1_000_000, Duration.ofDays(365)), E1);
    private final ReplicaFeed feed = new ReplicaFeed(store);
    /** How often the tail had to decode an entry. */
    private final AtomicInteger decoded = new AtomicInteger();

    private static Stored live(long id, long version, long position) {
        return new Stored.Live(group(id, version), position);
    }

    private static Stored deleted(long id, long version, long position) {
        return new Tombstone(id, version(version), position, CLOCK.instant());
    }

    private Supplier<Stored> decoding(Stored entry) {
        return () -> {
            decoded.incrementAndGet();
            return entry;
        };
    }

    @Test
    void aRunRightAfterTheReplicaIsShownAtOnceAndTheTailDoesNotDecodeItAgain() {
        Stored a = live(1, 10, 1);
        Stored b = deleted(2, 11, 2);
        feed.fromAnswer(E1, List.of(a, b));
        assertEquals(2, store.position());
        assertEquals(Optional.of(b), store.stored(2));

        feed.fromLog(1, decoding(a));
        feed.fromLog(2, decoding(b));
        assertEquals(0, decoded.get());
        assertEquals(2, store.position());
    }

    @Test
    void aRunAfterAGapWaitsForTheTailAndTheTailTakesItsEntriesWithoutDecoding() {
        Stored other = live(7, 5, 1);
        Stored own1 = live(1, 10, 2);
        Stored own2 = live(2, 11, 3);
        feed.fromAnswer(E1, List.of(own1, own2));
        assertEquals(0, store.position());
        assertEquals(2, feed.waiting());

        feed.fromLog(1, decoding(other));
        assertEquals(3, store.position());
        assertEquals(1, decoded.get());
        assertEquals(0, feed.waiting());
        feed.fromLog(2, decoding(own1));
        feed.fromLog(3, decoding(own2));
        assertEquals(1, decoded.get());
    }

    @Test
    void aTailEntryInsideAWaitingRunIsTakenFromTheRun() {
        // the entry at 1 was dropped from the stream (its id changed again at 2), so the tail's next entry is 2
        Stored own1 = live(1, 10, 2);
        Stored own2 = live(2, 11, 3);
        feed.fromAnswer(E1, List.of(own1, own2));
        feed.fromLog(2, decoding(own1));
        assertEquals(0, decoded.get());
        assertEquals(3, store.position());
        assertEquals(0, feed.waiting());
    }

    @Test
    void runsAnsweredOutOfOrderGoInInOrder() {
        Stored first = live(1, 10, 1);
        Stored second = live(2, 11, 2);
        Stored third = live(1, 12, 3);
        feed.fromAnswer(E1, List.of(second, third));
        assertEquals(0, store.position());
        feed.fromAnswer(E1, List.of(first));
        assertEquals(3, store.position());
        assertEquals(Optional.of(third), store.stored(1));
        assertEquals(List.of(second, third), store.log().after(0, 10).entries());
    }

    @Test
    void aRunOfAnotherEpochOrWithGapsIsLeftToTheTail() {
        feed.fromAnswer(E0, List.of(live(1, 10, 1)));
        feed.fromAnswer(E1, List.of(live(1, 10, 1), live(2, 10, 3)));
        assertEquals(0, store.position());
        assertEquals(0, feed.waiting());
    }

    @Test
    void aResetDropsWhatWaits() {
        feed.fromAnswer(E1, List.of(live(1, 10, 5)));
        feed.reset(E2);
        assertEquals(0, feed.waiting());
        Stored fresh = live(9, 1, 5);
        feed.fromLog(5, decoding(fresh));
        assertEquals(Optional.of(fresh), store.stored(9));
        assertEquals(Optional.empty(), store.stored(1));
    }

    @Test
    void beyondTheBoundARunIsLeftToTheTail() {
        List<Stored> big = new ArrayList<>();
        for (int i = 0; i <= ReplicaFeed.MAX_WAITING; i++) {
            big.add(live(i, 10, 2 + i));
        }
        feed.fromAnswer(E1, big);
        assertEquals(0, feed.waiting());
        feed.fromAnswer(E1, big.subList(0, 3));
        assertEquals(3, feed.waiting());
    }

    @Test
    void theLogStillRefusesAnEntryOutOfOrderFromAnyoneElse() {
        feed.fromAnswer(E1, List.of(live(1, 10, 1), live(2, 10, 2)));
        assertThrows(IllegalStateException.class, () -> store.replicate(live(3, 10, 2)));
    }

    /**
     * Pods' script calls run in Redis one after another; this pod's answers come in any order and at
     * any time after its calls ran, and its tail reads the stream (as compacted at the read) from its
     * position at the read and hands the entries over later. At every step the replica must hold
     * what the stream holds up to its position; at the end, exactly the stream, in its order.
     */
    @Test
    void theReplicaHoldsTheLogUpToItsPositionAtEveryStepOverManySeeds() {
        int seeds = Integer.getInteger("feed.seeds", 300);
        for (int seed = 1; seed <= seeds; seed++) {
            checkOneHistory(seed);
        }
    }

    private void checkOneHistory(long seed) {
        Random random = new Random(seed);
        AbsenceGroupStore replica = new AbsenceGroupStore(CLOCK, new StoreLimits(1_000_000, Duration.ofDays(365)), E1);
        ReplicaFeed under = new ReplicaFeed(replica);
        List<Stored> written = new ArrayList<>();        // every entry, by position - 1
        TreeMap<Long, Stored> stream = new TreeMap<>();  // what the stream holds now (compacted)
        Map<Long, Long> latestPosition = new HashMap<>();
        List<List<Stored>> unanswered = new ArrayList<>();
        Deque<List<Stored>> tailReads = new ArrayDeque<>();
        int calls = 20 + random.nextInt(40);
        int callsRun = 0;
        long version = 1;
        while (callsRun < calls || !unanswered.isEmpty() || !tailReads.isEmpty() || replica.position() < written.size()) {
            int step = random.nextInt(4);
            if (step == 0 && callsRun < calls) {
                // a script call runs in Redis: this pod's or another's, applying 1 to 5 changes over a few ids
                boolean own = random.nextBoolean();
                List<Stored> run = new ArrayList<>();
                for (int n = 1 + random.nextInt(5); n > 0; n--) {
                    long id = random.nextInt(8);
                    long position = written.size() + 1;
                    Stored entry = random.nextInt(4) == 0 ? deleted(id, version++, position) : live(id, version++, position);
                    written.add(entry);
                    Long previous = latestPosition.put(id, position);
                    if (previous != null) {
                        stream.remove(previous);
                    }
                    stream.put(position, entry);
                    run.add(entry);
                }
                if (own) {
                    unanswered.add(run);
                }
                callsRun++;
            } else if (step == 1 && !unanswered.isEmpty()) {
                under.fromAnswer(E1, unanswered.remove(random.nextInt(unanswered.size())));
            } else if (step == 2 && tailReads.isEmpty()) {
                // the tail's one read goes out: Redis answers with the stream after the replica's position, up to 7 entries
                List<Stored> after = new ArrayList<>(stream.tailMap(replica.position(), false).values());
                tailReads.add(after.subList(0, Math.min(7, after.size())));
            } else if (step == 3 && !tailReads.isEmpty()) {
                for (Stored entry : tailReads.poll()) {
                    under.fromLog(entry.position(), () -> entry);
                }
            }
            assertHoldsTheLogUpToItsPosition(seed, replica, stream);
        }
        assertEquals(written.size(), replica.position(), "seed " + seed);
        assertEquals(new ArrayList<>(stream.values()), replica.log().after(0, Integer.MAX_VALUE).entries(), "seed " + seed);
    }

    /**
     * The stream drops an entry when its id changes again, so a replica that read up to some position
     * may hold an older state of an id whose newer one is already gone from the stream: the newest
     * one, further on, is then on its way. What it must never do is lack an entry that the stream
     * holds at or before its position, or hold one past it.
     */
    private static void assertHoldsTheLogUpToItsPosition(long seed, AbsenceGroupStore replica, TreeMap<Long, Stored> stream) {
        for (Stored entry : stream.headMap(replica.position(), true).values()) {
            assertEquals(Optional.of(entry), replica.stored(entry.id()),
                    "seed " + seed + ", id " + entry.id() + " at position " + replica.position());
        }
        long last = 0;
        for (Stored entry : replica.log().after(0, Integer.MAX_VALUE).entries()) {
            assertTrue(entry.position() > last && entry.position() <= replica.position(), "seed " + seed + ": the log's order");
            last = entry.position();
        }
    }
}
