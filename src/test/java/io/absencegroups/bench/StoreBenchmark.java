package io.absencegroups.bench;

import io.absencegroups.cache.AbsenceGroup;
import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.ApplyResult;
import io.absencegroups.cache.Change;
import io.absencegroups.cache.ChangeVersion;
import io.absencegroups.cache.ChangesPage;
import io.absencegroups.cache.Snapshot;
import io.absencegroups.cache.StoreLimits;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The store on its own, in ns/op, at 1k and 100k ids; {@code bench/run.sh} runs it with 1 and 2
 * threads ({@code -t}).
 * <ul>
 *     <li>{@code applyNewer}: an upsert with a greater changeVersion (APPLIED): the per-id
 *     compare-and-set and the change log;</li>
 *     <li>{@code baselineCompute}: the same update through a bare {@code ConcurrentHashMap.compute},
 *     the baseline {@code applyNewer} is reported against;</li>
 *     <li>{@code applyDuplicate}: the same state again (DUPLICATE), as myProtime's redeliveries are;</li>
 *     <li>{@code get}: one group by id;</li>
 *     <li>{@code snapshot}: every live group sorted by id (what the list endpoint walks);</li>
 *     <li>{@code changesAfter}: a page of 100 changes from the middle of the log.</li>
 * </ul>
 * The changes are built before the measurement: the figures are the store's, not those of
 * parsing JSON or formatting versions. With two threads each thread takes its own half of the
 * ids, so every {@code applyNewer} is applied (the counters and the history are still shared).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StoreBenchmark {

    /**
     * Rounds over all ids that no 1 s iteration uses up (the store is filled anew for every
     * iteration; one that runs out fails loudly). Kept small: a large live set of versions would
     * make the garbage collector, not the store, the cost being measured.
     */
    private static final int ROUNDS = 1 << 16;
    private static final AbsenceGroup.Name NAME = new AbsenceGroup.Name("Sick", Map.of("nl", "Ziek", "fr", "Malade"));

    /** The store filled with {@code ids} groups (id i at version i), anew for every iteration; shared by all threads. */
    @State(Scope.Benchmark)
    public static class Filled {
        @Param({"1000", "100000"})
        public int ids;

        AbsenceGroupStore store;
        ChangeVersion[] versions;
        Change[] current;
        io.absencegroups.cache.Cursor middle;
        /** The baseline: the same keys in a bare map, updated by the same per-key compute. */
        ConcurrentHashMap<Long, AbsenceGroup> bare;

        @Setup(Level.Trial)
        public void versions() {
            // id i is filled at version i; round r of applyNewer uses version ids + r for every id
            versions = new ChangeVersion[ids + ROUNDS];
            for (int i = 0; i < versions.length; i++) {
                versions[i] = ChangeVersion.parse(hex20(i + 1));
            }
        }

        @Setup(Level.Iteration)
        public void fill() {
            store = new AbsenceGroupStore(Clock.systemUTC(), new StoreLimits(10_000, Duration.ofHours(72)));
            current = new Change[ids];
            for (int i = 0; i < ids; i++) {
                Change change = new Change.InsertOrUpdate(group(i, versions[i]));
                current[i] = change;
                if (store.apply(change) != ApplyResult.APPLIED) {
                    throw new IllegalStateException("the fill was not applied");
                }
            }
            middle = new io.absencegroups.cache.Cursor(store.cursor().epoch(), ids / 2);
            bare = new ConcurrentHashMap<>();
            for (int i = 0; i < ids; i++) {
                bare.put((long) i, group(i, versions[i]));
            }
        }
    }

    /** One thread's place: its half (or all) of the ids, and how far it has gone. */
    @State(Scope.Thread)
    public static class Place {
        int first;
        int step;
        int index;
        int round;

        @Setup(Level.Iteration)
        public void place(ThreadParams thread) {
            first = thread.getThreadIndex();
            step = thread.getThreadCount();
            index = first;
            round = 0;
        }

        /** The next id of this thread; moves to the next round after its last one. */
        int next(int ids) {
            int id = index;
            index += step;
            if (index >= ids) {
                index = first;
                round++;
            }
            return id;
        }
    }

    /** myProtime's shape: 20 upper-case hex digits. */
    static String hex20(long value) {
        String digits = Long.toHexString(value).toUpperCase(Locale.ROOT);
        return "0".repeat(20 - digits.length()) + digits;
    }

    static AbsenceGroup group(long id, ChangeVersion version) {
        return new AbsenceGroup(id, version, NAME, "Absence");
    }

    @Benchmark
    public ApplyResult applyNewer(Filled filled, Place cursor) {
        int id = cursor.next(filled.ids);
        if (cursor.round >= ROUNDS) {
            throw new IllegalStateException("out of versions: make ROUNDS larger");
        }
        return filled.store.apply(new Change.InsertOrUpdate(group(id, filled.versions[filled.ids + cursor.round])));
    }

    /**
     * What {@code applyNewer} is measured against: the same key and the same new group through a
     * bare {@link ConcurrentHashMap#compute}, the smallest thing a per-id, lock-free-for-readers
     * store can do. The ratio between the two is what the store's own work (the rule, the log)
     * costs, and is stable where the absolute nanoseconds of a shared machine are not.
     */
    @Benchmark
    public AbsenceGroup baselineCompute(Filled filled, Place cursor) {
        int id = cursor.next(filled.ids);
        if (cursor.round >= ROUNDS) {
            throw new IllegalStateException("out of versions: make ROUNDS larger");
        }
        AbsenceGroup next = group(id, filled.versions[filled.ids + cursor.round]);
        return filled.bare.compute((long) id, (key, current) -> next);
    }

    @Benchmark
    public ApplyResult applyDuplicate(Filled filled, Place cursor) {
        return filled.store.apply(filled.current[cursor.next(filled.ids)]);
    }

    @Benchmark
    public Optional<AbsenceGroup> get(Filled filled, Place cursor) {
        return filled.store.get(cursor.next(filled.ids));
    }

    @Benchmark
    public Snapshot snapshot(Filled filled) {
        return filled.store.snapshot();
    }

    @Benchmark
    public ChangesPage changesAfter(Filled filled) {
        return filled.store.changesAfter(filled.middle, 100);
    }
}
