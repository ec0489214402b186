package io.absencegroups.cache.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.absencegroups.cache.AbsenceGroup;
import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.ApplyResult;
import io.absencegroups.cache.Change;
import io.absencegroups.cache.ChangeVersion;
import io.absencegroups.cache.Cursor;
import io.absencegroups.cache.CursorExpiredException;
import io.absencegroups.cache.Groups;
import io.absencegroups.cache.StoreLimits;
import io.absencegroups.cache.StoreUnavailableException;
import io.absencegroups.cache.Stored;
import io.absencegroups.cache.Tombstone;
import io.absencegroups.json.GroupJsonModule;
import io.absencegroups.testing.TestRedis;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.absencegroups.cache.Groups.delete;
import static io.absencegroups.cache.Groups.upsert;
import static io.absencegroups.cache.Groups.version;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared store against a real Redis, without Quarkus: "pods" are pairs of a local store
 * (the replica) and a writer on one key prefix. Checks the script's rule, replica loading and
 * tailing, reconcile deletes across pods, concurrent writers on several pods over many seeds, and
 * Redis going away and coming back.
 */
class SharedStoreTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new GroupJsonModule());
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final Vertx vertx = Vertx.vertx();
    private final String prefix = TestRedis.uniquePrefix();
    private final List<Pod> pods = new ArrayList<>();
    private Redis admin;

    /** One pod's view: its replica, the replication loop, the writer, and its clients per event loop. */
    record Pod(AbsenceGroupStore store, LogReplica replica, RedisChangeWriter writer, Redis client, LoopClients loops) {
        ApplyResult apply(Change change) {
            return writer.apply(change).toCompletableFuture().join();
        }

        /** Sends the changes from that event loop, as a delivery that this pod took there does. */
        CompletableFuture<List<ApplyResult>> sendOn(io.vertx.core.Context loop, List<? extends Change> changes) {
            CompletableFuture<List<ApplyResult>> result = new CompletableFuture<>();
            loop.runOnContext(ignored -> writer.applyAll(changes).whenComplete((results, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(results);
                }
            }));
            return result;
        }

        ApplyResult applyOn(io.vertx.core.Context loop, Change change) {
            return sendOn(loop, List.of(change)).join().get(0);
        }
    }

    /** Event-loop contexts of {@link #vertx}, each a verticle's: Vert.x spreads them over its loops in turn. */
    private List<io.vertx.core.Context> eventLoops(int count) {
        List<io.vertx.core.Context> loops = new java.util.concurrent.CopyOnWriteArrayList<>();
        vertx.getDelegate().deployVerticle(() -> new io.vertx.core.AbstractVerticle() {
            @Override
            public void start() {
                loops.add(context);
            }
        }, new io.vertx.core.DeploymentOptions().setInstances(count)).toCompletionStage().toCompletableFuture().join();
        return loops;
    }

    private static Thread threadOf(io.vertx.core.Context loop) {
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        loop.runOnContext(ignored -> thread.complete(Thread.currentThread()));
        return thread.join();
    }

    static RedisConfig config(String prefix) {
        return new RedisConfig() {
            public String keyPrefix() { return prefix; }
            public int readBatch() { return 7; } // small, so loading takes many batches
            public Duration blockFor() { return Duration.ofMillis(200); }
            public Duration retryDelay() { return Duration.ofMillis(100); }
            public Duration applyTimeout() { return Duration.ofSeconds(2); }
            public Duration leaseTtl() { return Duration.ofSeconds(15); }
            public Duration leaseRenewEvery() { return Duration.ofSeconds(5); }
            public Duration recordEvery() { return Duration.ofSeconds(1); }
        };
    }

    Pod pod(String url) {
        // as quarkus.redis.max-pool-waiting in application.properties: many deliveries may wait at once
        io.vertx.redis.client.RedisOptions options = new io.vertx.redis.client.RedisOptions()
                .setConnectionString(url).setMaxPoolWaiting(1024);
        Redis client = Redis.createClient(vertx, options);
        AbsenceGroupStore store = new AbsenceGroupStore(Clock.systemUTC(), new StoreLimits(1_000_000, Duration.ofDays(365)));
        RedisConfig config = config(prefix);
        RedisKeys keys = RedisKeys.under(prefix);
        LogEntries entries = new LogEntries(MAPPER, Clock.systemUTC());
        LogReplica replica = new LogReplica(client, keys, store, entries, config, Clock.systemUTC());
        Deadlines deadlines = new Deadlines(config.applyTimeout(), Deadlines.MONOTONIC);
        vertx.setPeriodic(SharedStore.sweepEvery(config.applyTimeout()).toMillis(), tick -> deadlines.sweep());
        LoopClients loops = new LoopClients(vertx, options);
        RedisChangeWriter writer = new RedisChangeWriter(new ApplyScript(client, keys), loops, store, replica, entries, deadlines);
        Pod pod = new Pod(store, replica, writer, client, loops);
        pods.add(pod);
        replica.start();
        return pod;
    }

    /** Applies the change on the pod and returns why it was refused: it must fail as unavailable. */
    static Throwable refused(Pod pod, Change change) {
        return refused(pod.writer().apply(change).toCompletableFuture());
    }

    static Throwable refused(CompletableFuture<?> sent) {
        java.util.concurrent.ExecutionException refused = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> sent.get(10, TimeUnit.SECONDS));
        assertInstanceOf(StoreUnavailableException.class, refused.getCause());
        return refused.getCause();
    }

    Pod readyPod() {
        Pod pod = pod(TestRedis.URL);
        await().atMost(PATIENCE).until(pod.replica()::tailing);
        return pod;
    }

    @BeforeEach
    void connect() {
        admin = TestRedis.client(vertx, TestRedis.URL);
    }

    @AfterEach
    void cleanUp() {
        pods.forEach(p -> {
            p.replica().stop();
            p.loops().close();
        });
        TestRedis.deleteAll(admin, prefix);
        vertx.closeAndAwait();
    }

    @Test
    void theScriptAppliesTheOneRule() {
        Pod pod = readyPod();
        assertEquals(ApplyResult.APPLIED, pod.apply(upsert(1, 10)));
        assertEquals(ApplyResult.DUPLICATE, pod.apply(upsert(1, 10)));
        assertEquals(ApplyResult.STALE, pod.apply(upsert(1, 9)));
        assertEquals(ApplyResult.APPLIED, pod.apply(delete(1, 11)));
        assertEquals(ApplyResult.STALE, pod.apply(upsert(1, 10)), "a tombstone blocks an older upsert");
        assertEquals(ApplyResult.DUPLICATE, pod.apply(delete(1, 11)));
        assertEquals(ApplyResult.APPLIED, pod.apply(upsert(1, 12)));
        // versions compare as myProtime's do: case-insensitive, shorter left-padded with zeros
        assertEquals(ApplyResult.APPLIED, pod.apply(group(2, "00ff")));
        assertEquals(ApplyResult.DUPLICATE, pod.apply(group(2, "FF")));
        assertEquals(ApplyResult.APPLIED, pod.apply(group(2, "100")));
        assertEquals(ApplyResult.STALE, pod.apply(group(2, "0000000000000000000000FF")));

        assertEquals(version(12), pod.store().get(1).orElseThrow().changeVersion(), "the replica shows what was answered");
        assertEquals(2L, streamLength(), "the stream is compacted to one entry per id");
    }

    @Test
    void oneCallWithAnIdSeveralTimesDecidesEachAgainstTheOneBeforeIt() {
        Pod pod = readyPod();
        pod.apply(upsert(2, 5));
        long before = pod.store().position();
        List<Change> batch = List.of(upsert(1, 10), upsert(1, 10), upsert(1, 9), upsert(2, 6), delete(1, 11),
                upsert(1, 10), upsert(2, 6), delete(2, 4), upsert(1, 12), upsert(3, 1));
        assertEquals(List.of(ApplyResult.APPLIED, ApplyResult.DUPLICATE, ApplyResult.STALE, ApplyResult.APPLIED,
                ApplyResult.APPLIED, ApplyResult.STALE, ApplyResult.DUPLICATE, ApplyResult.STALE, ApplyResult.APPLIED,
                ApplyResult.APPLIED), pod.writer().applyAll(batch).toCompletableFuture().join());

        assertEquals(before + 5, pod.store().position(), "one log position per applied change");
        assertEquals(version(12), pod.store().get(1).orElseThrow().changeVersion());
        assertEquals(version(6), pod.store().get(2).orElseThrow().changeVersion());
        assertEquals(3L, streamLength(), "the stream is compacted to one entry per id, within a call too");
        Pod fresh = readyPod();
        assertEquals(snapshot(pod), snapshot(fresh), "a replica loaded from the stream holds the same");
        assertEquals(ApplyResult.DUPLICATE, pod.apply(upsert(1, 12)), "the state Redis kept is the batch's last");
        assertEquals(ApplyResult.APPLIED, pod.apply(upsert(3, 2)));
        assertEquals(before + 6, waitForPosition(fresh, before + 6), "positions go on from the call's last one");
    }

    @Test
    void aDeliveryOfThousandsOfChangesIsOneCallAndIsApplied() {
        // a 256 KiB delivery holds about 4,000 deletes; Lua can pass at most about 8,000 values to one command
        Pod pod = readyPod();
        int many = 4_500;
        for (long version : new long[]{1, 2}) {
            List<Change> batch = new ArrayList<>(many);
            for (long id = 1; id <= many; id++) {
                batch.add(version == 1 ? upsert(id, version) : delete(id, version));
            }
            List<ApplyResult> results = pod.writer().applyAll(batch).toCompletableFuture().join();
            assertEquals(many, results.size());
            assertTrue(results.stream().allMatch(r -> r == ApplyResult.APPLIED), "version " + version);
        }
        assertEquals(2L * many, waitForPosition(pod, 2L * many));
        assertEquals((long) many, streamLength(), "the stream is compacted to one entry per id");
        assertInstanceOf(Tombstone.class, pod.store().stored(many).orElseThrow());
        assertEquals(ApplyResult.STALE, pod.apply(upsert(1, 1)));
    }

    @Test
    void theStateHashIsAHashTableFromTheFirstChangeOn() {
        Pod pod = readyPod();
        pod.apply(upsert(1, 1));
        String state = prefix + ":state";
        // a listpack (Redis's form for hashes up to 512 fields) is scanned on every lookup
        assertEquals("hashtable", admin.send(Request.cmd(Command.OBJECT).arg("ENCODING").arg(state))
                .await().atMost(PATIENCE).toString());
        assertEquals(2L, admin.send(Request.cmd(Command.HLEN).arg(state)).await().atMost(PATIENCE).toLong(),
                "the one group and the field that says what the others hold");
        assertEquals(ApplyResult.DUPLICATE, pod.apply(upsert(1, 1)));
    }

    private static long waitForPosition(Pod pod, long position) {
        await().atMost(PATIENCE).until(() -> pod.store().position() >= position);
        return pod.store().position();
    }

    @Test
    void deliveriesSentAtOnceGoTogetherAndEachGetsItsOwnResults() {
        Pod pod = readyPod();
        List<Change> known = new ArrayList<>();
        for (long id = 1; id <= 60; id++) {
            known.add(upsert(id, 10));
        }
        pod.writer().applyAll(known).toCompletableFuture().join();
        // one delivery per id, all in flight together: most wait for a script call and share the next
        Random random = new Random(7);
        List<ApplyResult> expected = new ArrayList<>();
        List<CompletableFuture<List<ApplyResult>>> sent = new ArrayList<>();
        for (long id = 1; id <= 60; id++) {
            int pick = random.nextInt(3);
            expected.add(List.of(ApplyResult.STALE, ApplyResult.DUPLICATE, ApplyResult.APPLIED).get(pick));
            Change change = pick == 2 && id % 2 == 0 ? delete(id, 11) : upsert(id, 9 + pick);
            sent.add(pod.writer().applyAll(List.of(change, upsert(id + 1000, 1))).toCompletableFuture());
        }
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(List.of(expected.get(i), ApplyResult.APPLIED), sent.get(i).join(), "delivery " + (i + 1));
        }
        for (long id = 1; id <= 60; id++) {
            ApplyResult result = expected.get((int) id - 1);
            Stored stored = pod.store().stored(id).orElseThrow();
            assertEquals(version(result == ApplyResult.APPLIED ? 11 : 10), stored.changeVersion(), "id " + id);
            assertEquals(result == ApplyResult.APPLIED && id % 2 == 0, stored instanceof Tombstone, "id " + id);
            assertTrue(pod.store().get(id + 1000).isPresent(), "the second change of delivery " + id);
        }
    }

    @Test
    void changesMadeOnEventLoopsGoThroughEachLoopsOwnClientAndGetTheirOwnResults() {
        Pod pod = readyPod();
        List<io.vertx.core.Context> loops = eventLoops(2);
        long threads = loops.stream().map(SharedStoreTest::threadOf).distinct().count();
        List<CompletableFuture<List<ApplyResult>>> sent = new ArrayList<>();
        for (long id = 1; id <= 40; id++) {
            sent.add(pod.sendOn(loops.get((int) id % 2), List.of(upsert(id, 10), upsert(id, 10), upsert(id, 9))));
        }
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(List.of(ApplyResult.APPLIED, ApplyResult.DUPLICATE, ApplyResult.STALE), sent.get(i).join(),
                    "delivery " + (i + 1));
        }
        assertEquals(threads, pod.writer().loopsInUse(), "a group commit per event loop");
        assertEquals(threads, pod.loops().size(), "a client per event loop");
        assertEquals(ApplyResult.DUPLICATE, pod.apply(upsert(7, 10)), "the application's client sees the same Redis");
        Pod other = readyPod();
        assertEquals(snapshot(pod), snapshot(other));
        assertEquals(40, other.store().snapshot().groups().size());
    }

    @Test
    void aNewReplicaLoadsTheWholeLogAndHasTheSameCursors() {
        Pod first = readyPod();
        for (int i = 1; i <= 40; i++) {
            first.apply(upsert(i % 15, i));
        }
        first.apply(delete(3, 100));
        Pod second = readyPod();
        assertEquals(snapshot(first), snapshot(second));
        assertEquals(first.store().cursor(), second.store().cursor(), "cursors are the shared log's positions");
        assertInstanceOf(Tombstone.class, second.store().stored(3).orElseThrow());
    }

    @Test
    void replicasFollowChangesMadeOnOtherPods() {
        Pod a = readyPod();
        Pod b = readyPod();
        a.apply(upsert(1, 1));
        b.apply(upsert(2, 2));
        a.apply(delete(2, 3));
        b.apply(upsert(1, 4));
        await().atMost(PATIENCE).until(() -> a.store().position() == b.store().position());
        assertEquals(snapshot(a), snapshot(b));
        assertEquals(version(4), a.store().get(1).orElseThrow().changeVersion());
        assertTrue(a.store().get(2).isEmpty());
    }

    @Test
    void aReconcileDeleteIsDecidedInRedisAtTheListingsVersion() {
        Pod a = readyPod();
        Pod b = readyPod();
        a.apply(upsert(1, 10));
        a.apply(upsert(2, 20));
        await().atMost(PATIENCE).until(() -> b.store().position() == a.store().position());
        long listingStart = b.store().position();
        a.apply(upsert(2, 21)); // changed after the listing began: spared
        assertTrue(b.writer().removeVanished(1, listingStart, version(20)).toCompletableFuture().join());
        assertFalse(b.writer().removeVanished(2, listingStart, version(20)).toCompletableFuture().join());
        assertFalse(b.writer().removeVanished(1, listingStart, version(20)).toCompletableFuture().join(), "already gone");
        await().atMost(PATIENCE).until(() -> a.store().position() == b.store().position());
        Stored removed = a.store().stored(1).orElseThrow();
        assertInstanceOf(Tombstone.class, removed);
        assertEquals(version(20), removed.changeVersion(), "the listing's version, not an invented one");
        assertEquals(ApplyResult.STALE, a.apply(upsert(1, 19)));
        assertEquals(ApplyResult.APPLIED, a.apply(upsert(1, 21)), "the next real change gets through");
    }

    @Test
    void writersOnThreePodsEndEqualToTheTruthOverManySeeds() {
        Pod[] three = {readyPod(), readyPod(), readyPod()};
        List<io.vertx.core.Context> loops = eventLoops(2);
        int seeds = Integer.getInteger("redis.seeds", 20);
        for (int seed = 1; seed <= seeds; seed++) {
            Random random = new Random(seed);
            long base = seed * 10_000L;
            List<Change> stream = new ArrayList<>();
            Map<Long, Change> greatest = new HashMap<>();
            for (int round = 0; round < 6; round++) {
                for (long id = base; id < base + 20; id++) {
                    long v = base + round * 100 + (id - base);
                    Change change = random.nextInt(5) == 0 ? delete(id, v) : upsert(id, v);
                    stream.add(change);
                    greatest.put(id, change);
                }
            }
            int originals = stream.size();
            for (int i = 0; i < originals / 2; i++) {
                stream.add(stream.get(random.nextInt(originals)));
            }
            Collections.shuffle(stream, random);
            // deliveries of 1 to 5 items, sent to the three pods in turn, all at once; each from one of two
            // event loops, as deliveries are, or from this thread, as a sync may be
            List<CompletableFuture<List<ApplyResult>>> sent = new ArrayList<>();
            for (int i = 0, pod = 0; i < stream.size(); pod++) {
                int size = Math.min(1 + random.nextInt(5), stream.size() - i);
                List<Change> delivery = stream.subList(i, i + size);
                int from = random.nextInt(3);
                sent.add(from == 2 ? three[pod % 3].writer().applyAll(delivery).toCompletableFuture()
                        : three[pod % 3].sendOn(loops.get(from), delivery));
                i += size;
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
            for (Pod pod : three) {
                await().atMost(PATIENCE).until(() -> pod.store().position() == three[0].store().position()
                        && pod.store().position() >= maxPosition(three));
                for (Map.Entry<Long, Change> e : greatest.entrySet()) {
                    Stored stored = pod.store().stored(e.getKey()).orElseThrow();
                    assertEquals(e.getValue().changeVersion(), stored.changeVersion(), "seed " + seed + ", id " + e.getKey());
                    assertEquals(e.getValue() instanceof Change.Delete, stored instanceof Tombstone, "seed " + seed + ", id " + e.getKey());
                }
            }
        }
        assertEquals(snapshot(three[0]), snapshot(three[2]));
        // the pods took their own changes from the script's answers and the rest from the stream; a replica
        // that read it all from the stream has the same log, entry for entry
        Pod fresh = readyPod();
        await().atMost(PATIENCE).until(() -> fresh.store().position() == three[0].store().position());
        for (Pod pod : three) {
            assertEquals(logOf(fresh), logOf(pod));
        }
    }

    /** Each entry of the pod's change log: position, id, changeVersion, and the group or T for a tombstone. */
    private static List<String> logOf(Pod pod) {
        return pod.store().log().after(0, Integer.MAX_VALUE).entries().stream()
                .map(e -> e.position() + " " + e.id() + " " + e.changeVersion()
                        + " " + (e instanceof Stored.Live live ? live.group() : "T"))
                .toList();
    }

    @Test
    void redisGoingAwayFailsChangesAsUnavailableAndNothingIsLostWhenItComesBack() throws Exception {
        try (TestRedis.OwnServer server = new TestRedis.OwnServer()) {
            server.start();
            Pod pod = pod(server.url());
            io.vertx.core.Context loop = eventLoops(1).get(0);
            await().atMost(PATIENCE).until(pod.replica()::tailing);
            pod.apply(upsert(1, 1));
            assertEquals(ApplyResult.APPLIED, pod.applyOn(loop, upsert(3, 1)), "the loop's client is connected");

            server.stop();
            await().atMost(PATIENCE).until(() -> !pod.replica().tailing());
            refused(pod, upsert(2, 2));
            refused(pod.sendOn(loop, List.of(upsert(2, 2))));
            assertTrue(pod.store().get(1).isPresent(), "reads go on from the replica");

            server.start();
            await().atMost(PATIENCE).until(pod.replica()::tailing);
            assertEquals(ApplyResult.APPLIED, pod.apply(upsert(2, 2)));
            assertEquals(ApplyResult.DUPLICATE, pod.apply(upsert(1, 1)), "what was stored before the outage is still there");
            assertEquals(ApplyResult.DUPLICATE, pod.applyOn(loop, upsert(3, 1)), "the loop's client connected again");
            assertEquals(ApplyResult.APPLIED, pod.applyOn(loop, upsert(4, 1)));
            assertEquals(List.of(1L, 2L, 3L, 4L), pod.store().snapshot().groups().stream().map(AbsenceGroup::id).toList());
        }
    }

    @Test
    void aChangeRedisDoesNotAnswerInTimeFailsAsUnavailableAndIsADuplicateWhenSentAgain() throws Exception {
        try (TestRedis.OwnServer server = new TestRedis.OwnServer()) {
            server.start();
            Pod pod = pod(server.url());
            await().atMost(PATIENCE).until(pod.replica()::tailing);
            // loads the script: a first call by SHA meets NOSCRIPT, and its fallback would not be sent after a timeout
            assertEquals(ApplyResult.APPLIED, pod.apply(upsert(3, 1)));
            Redis own = TestRedis.client(vertx, server.url());
            // writes (and scripts) wait in Redis for 3 s; the apply timeout here is 2 s
            own.send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(3000).arg("WRITE")).await().atMost(PATIENCE);

            assertEquals("Redis did not answer within 2000 ms", refused(pod, upsert(1, 1)).getMessage());

            // the call was in Redis and ran once the pause ended: the change is stored, so sending it again is a duplicate
            await().atMost(PATIENCE).until(() -> pod.store().get(1).isPresent());
            assertEquals(ApplyResult.DUPLICATE, pod.apply(upsert(1, 1)));
            assertEquals(ApplyResult.APPLIED, pod.apply(upsert(2, 1)));
            own.close();
        }
    }

    @Test
    void tombstonesBeyondTheCountArePurgedEverywhereAndCursorsBeforeThemExpire() {
        Pod writer = readyPod();
        Pod follower = readyPod();
        for (long id = 1; id <= 5; id++) {
            writer.apply(upsert(id, 10));
        }
        Cursor beforeDeletes = writer.store().cursor();
        writer.apply(delete(1, 11));
        writer.apply(delete(2, 11));
        writer.apply(delete(3, 11));
        Cursor afterDeletes = writer.store().cursor();
        await().atMost(PATIENCE).until(() -> follower.store().position() == afterDeletes.position());
        assertEquals(3L, count(Command.ZCARD), "every tombstone is noted for the purge");

        long[] answer = purge(writer, 1, Duration.ofDays(365));
        assertEquals(2L, answer[0], "the two oldest of three go");
        long horizon = answer[1];
        assertEquals(beforeDeletes.position() + 2, horizon, "the horizon is the newer purged delete's position");
        assertEquals(1L, count(Command.ZCARD));
        assertEquals(3L, streamLength(), "two live groups and the newest tombstone are left in the stream");
        assertTrue(hget(1) == null && hget(2) == null && hget(3) != null);

        for (Pod pod : List.of(writer, follower, readyPod())) { // the third loads after the purge
            await().atMost(PATIENCE).until(() -> pod.store().stored(1).isEmpty());
            assertTrue(pod.store().stored(2).isEmpty());
            assertInstanceOf(Tombstone.class, pod.store().stored(3).orElseThrow(), "the newest tombstone stays");
            assertEquals(List.of(4L, 5L), snapshot(pod).stream().map(AbsenceGroup::id).toList());
            assertThrows(CursorExpiredException.class, () -> pod.store().changesAfter(beforeDeletes, 10),
                    "a consumer from before the purged deletes must reload");
            assertEquals(List.of(3L), pod.store().changesAfter(new Cursor(afterDeletes.epoch(), horizon), 10).changes()
                    .stream().map(Stored::id).toList(), "a cursor at the horizon still follows");
        }
        assertEquals(0L, purge(writer, 1, Duration.ofDays(365))[0], "nothing more is due");
    }

    @Test
    void tombstonesOlderThanTheAgeBoundArePurgedAndAGroupThatCameBackIsNoTombstone() throws Exception {
        Pod pod = readyPod();
        pod.apply(upsert(1, 10));
        pod.apply(upsert(2, 10));
        pod.apply(delete(1, 11));
        pod.apply(delete(2, 11));
        pod.apply(upsert(2, 12)); // back again: no longer a tombstone to purge
        assertEquals(1L, count(Command.ZCARD));
        assertEquals(0L, purge(pod, 100, Duration.ofHours(1))[0], "young and within the count: kept");
        Thread.sleep(20); // the bound below is 10 ms on Redis's clock
        assertEquals(1L, purge(pod, 100, Duration.ofMillis(10))[0]);
        await().atMost(PATIENCE).until(() -> pod.store().stored(1).isEmpty());
        assertEquals(version(12), pod.store().get(2).orElseThrow().changeVersion());
        assertEquals(0L, count(Command.ZCARD));
    }

    @Test
    void aReplicaThatNeverReadThePurgedDeletesStillExpiresTheCursorsBeforeThem() {
        Pod writer = readyPod();
        Pod away = readyPod();
        writer.apply(upsert(1, 10));
        writer.apply(upsert(2, 10));
        await().atMost(PATIENCE).until(() -> away.store().position() == writer.store().position());
        Cursor beforeDeletes = away.store().cursor();
        away.replica().stop();

        writer.apply(delete(1, 11));
        writer.apply(delete(2, 11));
        writer.apply(upsert(3, 10));
        assertEquals(2L, purge(writer, 0, Duration.ofDays(365))[0]);

        away.replica().start(); // reads on from its position: the deletes of 1 and 2 are gone from the stream
        await().atMost(PATIENCE).until(() -> away.replica().tailing() && away.store().get(3).isPresent());
        assertEquals(List.of(3L), snapshot(away).stream().map(AbsenceGroup::id).toList(),
                "it reloaded: 1 and 2, whose deletes it never read, are gone from its copy too");
        assertThrows(CursorExpiredException.class, () -> away.store().changesAfter(beforeDeletes, 10),
                "its consumers would otherwise pass the deletes of 1 and 2 without seeing them");
        assertEquals(writer.store().cursor(), away.store().cursor());
    }

    @Test
    void aPurgeOfAnotherEpochChangesNothing() {
        Pod pod = readyPod();
        pod.apply(upsert(1, 10));
        pod.apply(delete(1, 11));
        PurgeScript script = new PurgeScript(pod.client(), RedisKeys.under(prefix));
        long[] answer = script.run("00000000000000ff", 0, Duration.ZERO).await().atMost(PATIENCE);
        assertEquals(PurgeScript.EPOCH_CHANGED, answer[0]);
        assertEquals(1L, count(Command.ZCARD));
        assertTrue(hget(1) != null);
    }

    @Test
    void theLeaseKeyHasOneHolderAndOnlyTheHolderRenewsOrReleasesIt() {
        RedisLeaseStore lease = new RedisLeaseStore(admin, prefix + ":lease");
        Duration ttl = Duration.ofSeconds(30);
        assertTrue(lease.acquire("pod-a", ttl).await().atMost(PATIENCE));
        assertFalse(lease.acquire("pod-b", ttl).await().atMost(PATIENCE));
        assertFalse(lease.renew("pod-b", ttl).await().atMost(PATIENCE));
        lease.release("pod-b").await().atMost(PATIENCE);
        assertEquals("pod-a", lease.holder().await().atMost(PATIENCE), "only the holder releases");
        assertTrue(lease.renew("pod-a", ttl).await().atMost(PATIENCE));
        lease.release("pod-a").await().atMost(PATIENCE);
        assertTrue(lease.acquire("pod-b", Duration.ofMillis(300)).await().atMost(PATIENCE), "released: free at once");
        await().atMost(PATIENCE).until(() -> lease.acquire("pod-c", ttl).await().atMost(PATIENCE));
        assertEquals("pod-c", lease.holder().await().atMost(PATIENCE), "a lapsed lease goes to the next pod");
    }

    private static long maxPosition(Pod[] pods) {
        long max = 0;
        for (Pod pod : pods) {
            max = Math.max(max, pod.store().position());
        }
        return max;
    }

    private long[] purge(Pod pod, int maxCount, Duration maxAge) {
        return new PurgeScript(pod.client(), RedisKeys.under(prefix)).run(pod.store().epoch(), maxCount, maxAge)
                .await().atMost(PATIENCE);
    }

    private long count(Command command) {
        return admin.send(Request.cmd(command).arg(prefix + ":tombstones")).await().atMost(PATIENCE).toLong();
    }

    private String hget(long id) {
        var answer = admin.send(Request.cmd(Command.HGET).arg(prefix + ":state").arg(id)).await().atMost(PATIENCE);
        return answer == null ? null : answer.toString();
    }

    private long streamLength() {
        return admin.send(Request.cmd(Command.XLEN).arg(prefix + ":log")).await().atMost(PATIENCE).toLong();
    }

    private static List<AbsenceGroup> snapshot(Pod pod) {
        return pod.store().snapshot().groups();
    }

    private static Change group(long id, String version) {
        return new Change.InsertOrUpdate(new AbsenceGroup(id, ChangeVersion.parse(version),
                new AbsenceGroup.Name("g" + id, Map.of()), "Absence"));
    }
}
