package io.absencegroups.watch;

import io.absencegroups.api.ChangeFeed;
import io.absencegroups.cache.AbsenceGroup;
import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.Change;
import io.absencegroups.cache.Cursor;
import io.absencegroups.cache.Groups;
import io.absencegroups.cache.Snapshot;
import io.absencegroups.cache.StoreLimits;
import io.absencegroups.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every watcher ends equal to the store, whatever happens to it on the way. The watcher core runs
 * here as plain Java over a real store, on two lanes (single-threaded executors standing in for two
 * event loops), without Quarkus or HTTP. For every seed:
 * <ul>
 *     <li>three writers apply a shuffled stream of upserts and deletes with duplicates, stale
 *     re-sends and late lower versions, in bursts;</li>
 *     <li>six consumers watch: some start with {@code initial=true}, some list first and follow from
 *     the list's cursor, two filter on a type, two are slow (their connection acknowledges writes
 *     late, so with a buffer of 4 events they stall and overflow);</li>
 *     <li>meanwhile consumers are disconnected at random moments, and some connections break and
 *     lose what was written after the break;</li>
 *     <li>every consumer reconnects at once, as EventSource does: from its last id, or (after
 *     {@code expired}) from scratch. On odd seeds the tombstone bound is tiny, so cursors expire.</li>
 * </ul>
 * When the writers are done, bookmarks go out until every consumer's last id is the store's cursor;
 * then each consumer's copy must equal the store's live groups (of its type, when it filters).
 * <p>
 * A failure names its seed; replay one with {@code -Dwatch.seed=<seed>} ({@code -Dwatch.seeds=<n>}
 * runs seeds 1..n, 120 by default).
 */
class WatchersFollowTheStorePropertyTest {

    private static final int SEEDS = Integer.getInteger("watch.seeds", 120);
    private static final int WRITERS = 3;
    private static final int IDS = 40;
    private static final int VERSIONS_PER_ID = 10;
    private static final int MAX_BUFFERED = 4;
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final List<String> TYPES = List.of("Absence", "WorkingElsewhere");

    @Test
    void everyWatcherEndsEqualToTheStoreForEverySeed() throws Exception {
        Long only = Long.getLong("watch.seed");
        long first = only != null ? only : 1;
        long last = only != null ? only : SEEDS;
        Map<CloseReason, Integer> ends = new EnumMap<>(CloseReason.class);
        for (long seed = first; seed <= last; seed++) {
            new Run(seed).run().forEach((reason, count) -> ends.merge(reason, count, Integer::sum));
        }
        System.out.printf("watchers: seeds %d..%d, %d writers, 6 consumers on 2 lanes; streams ended by %s%n", first, last, WRITERS, ends);
        if (only == null) {
            for (CloseReason reason : List.of(CloseReason.CLIENT, CloseReason.OVERFLOW, CloseReason.EXPIRED)) {
                assertTrue(ends.getOrDefault(reason, 0) > 0, "no stream ended by " + reason + ": that path was not tested");
            }
        }
    }

    /** One seed: its store, lanes, writers and consumers. */
    private static final class Run implements Watcher.Listener {

        private final long seed;
        private final Random random;
        private final AbsenceGroupStore store;
        private final List<ExecutorService> threads = new ArrayList<>();
        private final List<Lane> lanes = new ArrayList<>();
        private final ScheduledExecutorService network = Executors.newSingleThreadScheduledExecutor();
        private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        private final Map<Watcher, Consumer> byWatcher = new HashMap<>();
        private final Map<CloseReason, Integer> ends = new EnumMap<>(CloseReason.class);
        private volatile boolean finished;

        Run(long seed) {
            this.seed = seed;
            this.random = new Random(seed);
            this.store = new AbsenceGroupStore(new MutableClock(Instant.parse("2026-12-01T10:00:00Z")),
                    new StoreLimits(seed % 2 == 1 ? 3 : 1_000_000, Duration.ofDays(365)));
            for (int i = 0; i < 2; i++) {
                ExecutorService thread = Executors.newSingleThreadExecutor();
                threads.add(thread);
                lanes.add(new Lane(store.log(), task -> thread.execute(() -> {
                    try {
                        task.run();
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                })));
            }
        }

        Map<CloseReason, Integer> run() throws Exception {
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            try {
                List<Change> stream = churn();
                List<Consumer> consumers = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    consumers.add(new Consumer("consumer " + i, i < 2 ? Set.of(TYPES.get(i)) : null, i % 2 == 0, i >= 4,
                            new Random(random.nextLong())));
                }
                // some changes before anyone watches, so initial states and lists are not empty
                int head = stream.size() / 5;
                stream.subList(0, head).forEach(store::apply);
                for (Consumer consumer : consumers) {
                    open(consumer);
                }
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> writing = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int offset = w;
                    long writerSeed = random.nextLong();
                    writing.add(writers.submit(() -> {
                        start.await();
                        Random own = new Random(writerSeed);
                        for (int i = head + offset; i < stream.size(); i += WRITERS) {
                            store.apply(stream.get(i));
                            if (own.nextInt(8) == 0) {
                                LockSupport.parkNanos(own.nextInt(200_000)); // bursts and pauses
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                while (!writing.stream().allMatch(Future::isDone)) {
                    Consumer victim = consumers.get(random.nextInt(consumers.size()));
                    victim.disconnect();
                    LockSupport.parkNanos(random.nextInt(3_000_000));
                }
                for (Future<?> w : writing) {
                    w.get();
                }
                settle(consumers);
                finished = true;
                for (Consumer consumer : consumers) {
                    String difference = difference(expected(consumer.types), consumer.copy());
                    if (difference != null) {
                        fail("seed " + seed + ", " + consumer.name + ": the copy differs from the store: " + difference
                                + " (replay with -Dwatch.seed=" + seed + ")");
                    }
                }
                if (!failures.isEmpty()) {
                    throw new AssertionError("seed " + seed + ": a lane task failed", failures.peek());
                }
                return ends;
            } finally {
                finished = true;
                writers.shutdownNow();
                network.shutdownNow();
                threads.forEach(ExecutorService::shutdownNow);
            }
        }

        /** Shuffled upserts and deletes of both types, with duplicates and stale re-sends. */
        private List<Change> churn() {
            List<Change> stream = new ArrayList<>();
            long version = 1;
            for (int round = 0; round < VERSIONS_PER_ID; round++) {
                for (long id = 1; id <= IDS; id++) {
                    stream.add(random.nextInt(6) == 0
                            ? new Change.Delete(id, Groups.version(version++))
                            : new Change.InsertOrUpdate(Groups.group(id, version, "g" + id + " v" + version++,
                            TYPES.get(random.nextInt(TYPES.size())))));
                }
            }
            int originals = stream.size();
            for (int i = 0; i < originals / 2; i++) {
                stream.add(stream.get(random.nextInt(originals)));
            }
            Collections.shuffle(stream, random);
            return stream;
        }

        /** Sends bookmarks until every consumer's last id is the store's cursor. */
        private void settle(List<Consumer> consumers) throws InterruptedException {
            long deadline = System.nanoTime() + SETTLE.toNanos();
            String head = store.cursor().text();
            while (!consumers.stream().allMatch(c -> c.isAt(head))) {
                if (System.nanoTime() > deadline) {
                    fail("seed " + seed + ": consumers did not reach " + head + " within " + SETTLE + ": "
                            + consumers.stream().map(Consumer::toString).toList());
                }
                for (Lane lane : lanes) {
                    lane.execute(lane::bookmarkAll);
                }
                Thread.sleep(5);
            }
        }

        /** The ids missing, extra or different in the copy, or null when it is equal. */
        private static String difference(Map<Long, AbsenceGroup> expected, Map<Long, AbsenceGroup> copy) {
            Set<Long> missing = new TreeSet<>(expected.keySet());
            missing.removeAll(copy.keySet());
            Set<Long> extra = new TreeSet<>(copy.keySet());
            extra.removeAll(expected.keySet());
            Set<Long> different = new TreeSet<>();
            expected.forEach((id, group) -> {
                if (copy.containsKey(id) && !group.equals(copy.get(id))) {
                    different.add(id);
                }
            });
            return missing.isEmpty() && extra.isEmpty() && different.isEmpty() ? null
                    : "missing " + missing + ", extra " + extra + ", stale " + different;
        }

        private Map<Long, AbsenceGroup> expected(Set<String> types) {
            Map<Long, AbsenceGroup> groups = new HashMap<>();
            for (AbsenceGroup group : store.snapshot().groups()) {
                if (types == null || types.contains(group.type())) {
                    groups.put(group.id(), group);
                }
            }
            return groups;
        }

        /** Connects the consumer on a random lane, as a client reconnecting to any event loop. */
        private void open(Consumer consumer) {
            Lane lane = lanes.get(random.nextInt(lanes.size()));
            lane.execute(() -> {
                if (finished) {
                    return;
                }
                Watcher.Start start = consumer.reconnect(store);
                Connection connection = new Connection(consumer);
                Watcher watcher = new Watcher(store, start, MAX_BUFFERED, connection, lane, this);
                synchronized (this) {
                    byWatcher.put(watcher, consumer);
                }
                consumer.connected(watcher, lane);
                lane.add(watcher);
            });
        }

        @Override
        public void sent(WatchEvent.Kind kind) {
        }

        @Override
        public void closed(Watcher watcher, CloseReason reason) {
            Consumer consumer;
            synchronized (this) {
                ends.merge(reason, 1, Integer::sum);
                consumer = byWatcher.remove(watcher);
            }
            open(consumer); // at once, as EventSource does after its retry delay
        }

        /** One stream's connection: records what arrives; a slow one acknowledges late; it may break. */
        private final class Connection implements StreamConnection {
            private final Consumer consumer;
            private boolean broken;

            Connection(Consumer consumer) {
                this.consumer = consumer;
            }

            @Override
            public CompletionStage<?> send(List<WatchEvent> events) {
                for (WatchEvent event : events) {
                    if (!broken && consumer.random.nextInt(300) == 0) {
                        broken = true; // the rest of this write and every later one never reach the consumer
                    }
                    if (!broken) {
                        consumer.receive(event);
                    }
                }
                if (broken) {
                    return CompletableFuture.failedStage(new Watcher.ConnectionGone());
                }
                if (!consumer.slow) {
                    return CompletableFuture.completedStage(null);
                }
                CompletableFuture<Void> flushed = new CompletableFuture<>();
                network.schedule(() -> flushed.complete(null), consumer.random.nextInt(400), TimeUnit.MICROSECONDS);
                return flushed;
            }

            @Override
            public void close() {
                broken = true;
            }
        }
    }

    /** A client that keeps its own copy the way the README tells it to. */
    private static final class Consumer {
        final String name;
        final Set<String> types;
        final boolean listsFirst;
        final boolean slow;
        final Random random;
        private final Map<Long, AbsenceGroup> copy = new HashMap<>();
        private String lastId;
        private Watcher watcher;
        private Lane lane;

        Consumer(String name, Set<String> types, boolean listsFirst, boolean slow, Random random) {
            this.name = name;
            this.types = types;
            this.listsFirst = listsFirst;
            this.slow = slow;
            this.random = random;
        }

        /** Where the next stream starts: the last id, else a fresh start (a list, or initial=true). */
        synchronized Watcher.Start reconnect(AbsenceGroupStore store) {
            if (lastId != null) {
                return new Watcher.Start(Cursor.parse(lastId), false, types);
            }
            copy.clear();
            if (!listsFirst) {
                return new Watcher.Start(null, true, types);
            }
            Snapshot list = store.snapshot();
            for (AbsenceGroup group : list.groups()) {
                if (types == null || types.contains(group.type())) {
                    copy.put(group.id(), group);
                }
            }
            lastId = list.cursor().text();
            return new Watcher.Start(list.cursor(), false, types);
        }

        synchronized void connected(Watcher watcher, Lane lane) {
            this.watcher = watcher;
            this.lane = lane;
        }

        synchronized void receive(WatchEvent event) {
            switch (event.kind()) {
                case CHANGE -> {
                    ChangeFeed.Item item = (ChangeFeed.Item) event.data();
                    if (item.data() instanceof AbsenceGroup group) {
                        copy.put(group.id(), group);
                    } else {
                        copy.remove(((ChangeFeed.Deleted) item.data()).id());
                    }
                }
                case EXPIRED -> copy.clear();
                case BOOKMARK, OVERFLOW -> {
                }
            }
            if (event.id() != null) {
                lastId = event.id().isEmpty() ? null : event.id();
            }
        }

        void disconnect() {
            Watcher current;
            Lane on;
            synchronized (this) {
                current = watcher;
                on = lane;
            }
            if (current != null) {
                on.execute(current::disconnected);
            }
        }

        synchronized boolean isAt(String cursor) {
            return cursor.equals(lastId) && watcher != null && !watcher.isClosed();
        }

        synchronized Map<Long, AbsenceGroup> copy() {
            return new HashMap<>(copy);
        }

        @Override
        public synchronized String toString() {
            return name + " at " + lastId + (watcher == null || watcher.isClosed() ? " (closed)" : "");
        }
    }
}
