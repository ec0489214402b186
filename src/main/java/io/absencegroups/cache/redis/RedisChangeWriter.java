package io.absencegroups.cache.redis;

import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.ApplyResult;
import io.absencegroups.cache.Change;
import io.absencegroups.cache.ChangeVersion;
import io.absencegroups.cache.ChangeWriter;
import io.absencegroups.cache.StoreUnavailableException;
import io.absencegroups.cache.Stored;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The Redis backend: every change goes through {@link ApplyScript}, so the rule holds across
 * pods, and the stage completes once this pod's replica shows an applied change (bounded by the
 * apply timeout: the change is safe in Redis either way). The replica takes this pod's own changes
 * from the script's answer ({@link ReplicaFeed}), so that is usually at once, not a read of the
 * stream later. Batches that arrive while script calls are out go together in the next call
 * ({@link GroupCommit}). Any Redis failure, or a replica that has not loaded yet, fails the stage
 * with {@link StoreUnavailableException}: a delivery gets 503 so myProtime sends it again (a change
 * that Redis stored before a timeout is then a duplicate).
 * <p>
 * A change made on an event loop goes through that loop's own client and group commit
 * ({@link LoopClients}), so the delivery stays on its thread; others (a sync on a worker thread)
 * go through the application's client.
 */
final class RedisChangeWriter implements ChangeWriter {

    private static final Logger LOG = Logger.getLogger(RedisChangeWriter.class);

    /** Script calls out at once: while one is in Redis, the next is on the wire. */
    static final int CALLS_IN_FLIGHT = 2;
    /** Keeps one script call short: Redis runs nothing else while a script runs. */
    static final int CHANGES_PER_CALL = 256;

    private final GroupCommit commits;
    private final LoopClients loops;
    private final ApplyScript script;
    private final Map<Thread, GroupCommit> loopCommits = new ConcurrentHashMap<>();
    private final AbsenceGroupStore replica;
    private final LogReplica replication;
    private final LogEntries entries;
    private final Deadlines deadlines;

    /**
     * @param loops     a client per event loop, or null to send every change through the application's client
     * @param deadlines the apply timeout: bounds each delivery's wait, for a call and then for the replica
     */
    RedisChangeWriter(ApplyScript script, LoopClients loops, AbsenceGroupStore replica, LogReplica replication,
                      LogEntries entries, Deadlines deadlines) {
        Duration timeout = deadlines.allowance();
        // the call's own bound frees its slot; the caller's below also covers the wait for a slot. A timer per call
        // is cheap: a call carries the deliveries that arrived while the previous ones were out.
        this.commits = new GroupCommit(args -> script.run(args).ifNoItem().after(timeout).failWith(() -> timedOut(timeout)),
                replica::epoch, CALLS_IN_FLIGHT, CHANGES_PER_CALL);
        this.loops = loops;
        this.script = script;
        this.replica = replica;
        this.replication = replication;
        this.entries = entries;
        this.deadlines = deadlines;
    }

    @Override
    public CompletionStage<List<ApplyResult>> applyAll(List<? extends Change> changes) {
        if (changes.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<String> args = new ArrayList<>(changes.size() * ApplyScript.ARGS_PER_CHANGE);
        for (Change change : changes) {
            ChangeVersion version = change.changeVersion();
            boolean upsert = change instanceof Change.InsertOrUpdate;
            args.add(Long.toString(change.id()));
            args.add(upsert ? "U" : "D");
            args.add(version.canonical());
            args.add(version.text());
            args.add(upsert ? entries.write(((Change.InsertOrUpdate) change).group()) : "");
            args.add("0");
        }
        return run(args, answer -> ownEntries(changes, answer), answer -> {
            List<ApplyResult> results = new ArrayList<>(changes.size());
            for (int i = 0; i < answer.length; i += 2) {
                results.add(result(answer[i]));
            }
            return results;
        });
    }

    private static ApplyResult result(long code) {
        if (code == ApplyScript.APPLIED) {
            return ApplyResult.APPLIED;
        }
        if (code == ApplyScript.DUPLICATE) {
            return ApplyResult.DUPLICATE;
        }
        if (code == ApplyScript.STALE) {
            return ApplyResult.STALE;
        }
        throw new IllegalStateException("the apply script answered " + code);
    }

    @Override
    public CompletionStage<Boolean> removeVanished(long id, long listingStart, ChangeVersion listingVersion) {
        List<String> args = List.of(Long.toString(id), "R", listingVersion.canonical(), listingVersion.text(), "",
                Long.toString(listingStart));
        // the tail brings the tombstone: its version is decided in Redis (the listing's or the group's own)
        return run(args, answer -> List.of(), answer -> answer[0] == ApplyScript.APPLIED);
    }

    /** The entries the applied changes became, in order; the script gives them consecutive positions. */
    private List<Stored> ownEntries(List<? extends Change> changes, long[] answer) {
        List<Stored> run = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            if (answer[2 * i] == ApplyScript.APPLIED) {
                Change change = changes.get(i);
                long position = answer[2 * i + 1];
                run.add(change instanceof Change.InsertOrUpdate upsert
                        ? entries.live(upsert.group(), position)
                        : entries.deleted(change.id(), change.changeVersion(), position));
            }
        }
        return run;
    }

    /**
     * Runs the changes and completes with {@code then} over the script's answer once this pod's
     * replica shows them, or with a {@link StoreUnavailableException}. {@code own} makes the entries
     * the applied changes became, which this pod's replica takes from the answer (see
     * {@link ReplicaFeed}). Plain futures and one shared timeout instead of operators and a timer
     * each: this runs for every delivery (see {@link Deadlines}).
     */
    private <T> CompletableFuture<T> run(List<String> args, Function<long[], List<Stored>> own, Function<long[], T> then) {
        if (!replication.tailing()) {
            return CompletableFuture.failedFuture(new StoreUnavailableException(
                    "the shared store is not available: " + replication.problem()));
        }
        // the call carries the epoch the replica has when it goes out: no later than this one
        String epoch = replica.epoch();
        CompletableFuture<long[]> answered = commits().submit(args);
        // a batch still waiting for its call when it expires is done, so it is not sent
        deadlines.watch(answered, () -> answered.completeExceptionally(timedOut(deadlines.allowance())));
        CompletableFuture<T> result = new CompletableFuture<>();
        answered.whenComplete((answer, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure instanceof StoreUnavailableException
                        ? failure : new StoreUnavailableException("Redis: " + LogReplica.describe(failure)));
            } else if (answer.length == 2 && answer[0] == ApplyScript.EPOCH_CHANGED) {
                result.completeExceptionally(new StoreUnavailableException(
                        "the shared store was reset (new epoch); this pod reloads it first"));
            } else {
                feedOwn(epoch, own, answer);
                whenReplicated(answer, () -> {
                    try {
                        result.complete(then.apply(answer));
                    } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                }, result);
            }
        });
        // a caller that stops waiting (a sync that ends) leaves a batch not sent yet unsent
        result.whenComplete((ignored, failure) -> {
            if (result.isCancelled()) {
                answered.cancel(false);
            }
        });
        return result;
    }

    /**
     * This event loop's group commit, else the shared one. A loop's calls complete on that loop (its
     * client was made there), so its next call goes out from there too.
     */
    private GroupCommit commits() {
        if (loops == null || !LoopClients.onEventLoop()) {
            return commits;
        }
        return loopCommits.computeIfAbsent(Thread.currentThread(), loop -> {
            Duration timeout = deadlines.allowance();
            return new GroupCommit(args -> loops.onThisLoop().chain(client -> script.run(client, args))
                    .ifNoItem().after(timeout).failWith(() -> timedOut(timeout)),
                    replica::epoch, CALLS_IN_FLIGHT, CHANGES_PER_CALL);
        });
    }

    /** Event loops with a group commit of their own: for tests. */
    int loopsInUse() {
        return loopCommits.size();
    }

    /** A failure here only leaves the entries to the tail: the changes are in Redis already. */
    private void feedOwn(String epoch, Function<long[], List<Stored>> own, long[] answer) {
        try {
            replication.feed().fromAnswer(epoch, own.apply(answer));
        } catch (RuntimeException e) {
            LOG.debugf("this pod's own changes are left to the tail: %s", LogReplica.describe(e));
        }
    }

    private static StoreUnavailableException timedOut(Duration timeout) {
        return new StoreUnavailableException("Redis did not answer within " + timeout.toMillis() + " ms");
    }

    /**
     * Runs {@code done} once this pod's replica shows the applied changes, so a reader of this pod
     * sees what was just answered; or, since they are safe in Redis either way, when the apply
     * timeout is up again, unless {@code result} is done by then.
     */
    private void whenReplicated(long[] answer, Runnable done, CompletableFuture<?> result) {
        long last = 0;
        for (int i = 0; i < answer.length; i += 2) {
            if (answer[i] == ApplyScript.APPLIED) {
                last = Math.max(last, answer[i + 1]);
            }
        }
        if (last == 0 || replica.position() >= last) {
            done.run();
            return;
        }
        replica.log().whenPast(last - 1).thenRun(done);
        deadlines.watch(result, done);
    }
}
