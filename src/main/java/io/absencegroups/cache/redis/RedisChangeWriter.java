package io.absencegroups.cache.redis;

import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.ApplyResult;
import io.absencegroups.cache.Change;
import io.absencegroups.cache.ChangeVersion;
import io.absencegroups.cache.ChangeWriter;
import io.absencegroups.cache.StoreUnavailableException;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The Redis backend: every change goes through {@link ApplyScript}, so the rule holds across
 * pods, and the stage completes once this pod's replica shows an applied change (bounded by the
 * apply timeout: the change is safe in Redis either way). Batches that arrive while script calls
 * are out go together in the next call ({@link GroupCommit}). Any Redis failure, or a replica that
 * has not loaded yet, fails the stage with {@link StoreUnavailableException}: a delivery gets 503
 * so myProtime sends it again (a change that Redis stored before a timeout is then a duplicate).
 */
final class RedisChangeWriter implements ChangeWriter {

    /** Script calls out at once: while one is in Redis, the next is on the wire. */
    static final int CALLS_IN_FLIGHT = 2;
    /** Keeps one script call short: Redis runs nothing else while a script runs. */
    static final int CHANGES_PER_CALL = 256;

    private final GroupCommit commits;
    private final AbsenceGroupStore replica;
    private final LogReplica replication;
    private final LogEntries entries;
    private final Duration timeout;

    RedisChangeWriter(ApplyScript script, AbsenceGroupStore replica, LogReplica replication, LogEntries entries, Duration timeout) {
        // the call's own bound frees its slot; the caller's below also covers the wait for a slot
        this.commits = new GroupCommit(args -> withinTimeout(script.run(args)), replica::epoch, CALLS_IN_FLIGHT, CHANGES_PER_CALL);
        this.replica = replica;
        this.replication = replication;
        this.entries = entries;
        this.timeout = timeout;
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
        return run(args).map(answer -> {
            List<ApplyResult> results = new ArrayList<>(changes.size());
            for (int i = 0; i < answer.length; i += 2) {
                results.add(result(answer[i]));
            }
            return results;
        }).subscribeAsCompletionStage();
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
        return run(args).map(answer -> answer[0] == ApplyScript.APPLIED).subscribeAsCompletionStage();
    }

    private Uni<long[]> run(List<String> args) {
        if (!replication.tailing()) {
            return Uni.createFrom().failure(new StoreUnavailableException(
                    "the shared store is not available: " + replication.problem()));
        }
        CompletableFuture<long[]> answered = commits.submit(args);
        // a batch still waiting for its call when the caller gives up is not sent
        return withinTimeout(Uni.createFrom().completionStage(answered).onCancellation().invoke(() -> answered.cancel(false)))
                .onFailure(failure -> !(failure instanceof StoreUnavailableException))
                .transform(failure -> new StoreUnavailableException("Redis: " + LogReplica.describe(failure)))
                .chain(answer -> {
                    if (answer.length == 2 && answer[0] == ApplyScript.EPOCH_CHANGED) {
                        return Uni.createFrom().failure(new StoreUnavailableException(
                                "the shared store was reset (new epoch); this pod reloads it first"));
                    }
                    return replicated(answer);
                });
    }

    private <T> Uni<T> withinTimeout(Uni<T> call) {
        return call.ifNoItem().after(timeout).failWith(() -> new StoreUnavailableException(
                "Redis did not answer within " + timeout.toMillis() + " ms"));
    }

    /** Waits until this pod's replica shows the changes, so a reader of this pod sees what was just answered. */
    private Uni<long[]> replicated(long[] answer) {
        long last = 0;
        for (int i = 0; i < answer.length; i += 2) {
            if (answer[i] == ApplyScript.APPLIED) {
                last = Math.max(last, answer[i + 1]);
            }
        }
        if (last == 0 || replica.position() >= last) {
            return Uni.createFrom().item(answer);
        }
        long awaited = last;
        return Uni.createFrom().completionStage(() -> replica.log().whenPast(awaited - 1))
                .ifNoItem().after(timeout).recoverWithItem(awaited)
                .replaceWith(answer);
    }
}
