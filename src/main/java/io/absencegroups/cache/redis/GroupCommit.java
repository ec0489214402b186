package io.absencegroups.cache.redis;

import io.smallrye.mutiny.Uni;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Group commit for the apply script: while {@code maxInFlight} script calls are out, the batches
 * that arrive wait, and the next call carries all of them. Under load a pod then makes one round
 * trip to Redis for many deliveries instead of one each; a lone delivery still goes at once.
 * <p>
 * A call is one atomic step in Redis, so batches that go together are stored together or not at
 * all; each is answered with its own slice of the script's answer, and a failed call fails every
 * batch in it (each delivery then gets 503, and myProtime sends it again). A batch is never split,
 * so one larger than {@code maxChangesPerCall} goes alone. A batch whose caller stopped waiting
 * (its future was cancelled) is not sent.
 * <p>
 * Thread-safe: batches come from any event loop; the calls complete on the Redis client's.
 */
final class GroupCommit {

    /** One caller's batch: {@link ApplyScript#ARGS_PER_CHANGE} arguments per change. */
    private record Pending(List<String> args, int changes, CompletableFuture<long[]> answer) {
    }

    private final Function<List<String>, Uni<long[]>> call;
    private final Supplier<String> epoch;
    private final int maxInFlight;
    private final int maxChangesPerCall;
    private final Deque<Pending> waiting = new ArrayDeque<>();
    private int inFlight;

    /**
     * @param call              runs the script over the epoch and the changes' arguments; it must end, with an
     *                          answer or a failure (a timeout), or its slot stays taken
     * @param epoch             the log epoch this pod's replica has, read as each call goes out
     * @param maxInFlight       calls out at once
     * @param maxChangesPerCall changes one call carries at most, unless a single batch is larger
     */
    GroupCommit(Function<List<String>, Uni<long[]>> call, Supplier<String> epoch, int maxInFlight, int maxChangesPerCall) {
        if (maxInFlight < 1 || maxChangesPerCall < 1) {
            throw new IllegalArgumentException("maxInFlight and maxChangesPerCall must be at least 1");
        }
        this.call = call;
        this.epoch = epoch;
        this.maxInFlight = maxInFlight;
        this.maxChangesPerCall = maxChangesPerCall;
    }

    /**
     * Sends the batch with the next call; completes with its {code, position} pairs, or with the
     * single pair {@link ApplyScript#EPOCH_CHANGED} when the shared log has another epoch.
     */
    CompletableFuture<long[]> submit(List<String> args) {
        if (args.isEmpty() || args.size() % ApplyScript.ARGS_PER_CHANGE != 0) {
            throw new IllegalArgumentException("a batch has " + ApplyScript.ARGS_PER_CHANGE + " arguments per change");
        }
        Pending pending = new Pending(args, args.size() / ApplyScript.ARGS_PER_CHANGE, new CompletableFuture<>());
        boolean send;
        synchronized (this) {
            waiting.add(pending);
            send = inFlight < maxInFlight;
            if (send) {
                inFlight++;
            }
        }
        if (send) {
            sendNext();
        }
        return pending.answer();
    }

    /** With a slot taken: sends what waits, or gives the slot back when nothing does. */
    private void sendNext() {
        List<Pending> batches = new ArrayList<>();
        synchronized (this) {
            int changes = 0;
            Pending next;
            while ((next = waiting.peek()) != null && (batches.isEmpty() || changes + next.changes() <= maxChangesPerCall)) {
                waiting.poll();
                if (!next.answer().isDone()) {
                    batches.add(next);
                    changes += next.changes();
                }
            }
            if (batches.isEmpty()) {
                inFlight--;
                return;
            }
        }
        List<String> args = new ArrayList<>(1 + batches.stream().mapToInt(b -> b.args().size()).sum());
        Uni<long[]> answer;
        try {
            args.add(epoch.get());
            batches.forEach(b -> args.addAll(b.args()));
            answer = call.apply(args);
        } catch (RuntimeException e) {
            answer = Uni.createFrom().failure(e);
        }
        answer.subscribe().with(
                pairs -> {
                    hand(batches, pairs);
                    sendNext();
                },
                failure -> {
                    batches.forEach(b -> b.answer().completeExceptionally(failure));
                    sendNext();
                });
    }

    private static void hand(List<Pending> batches, long[] pairs) {
        if (pairs.length == 2 && pairs[0] == ApplyScript.EPOCH_CHANGED) {
            batches.forEach(b -> b.answer().complete(pairs));
            return;
        }
        int expected = 2 * batches.stream().mapToInt(Pending::changes).sum();
        if (pairs.length != expected) {
            IllegalStateException wrong = new IllegalStateException(
                    "the apply script answered " + pairs.length + " numbers for " + expected / 2 + " changes");
            batches.forEach(b -> b.answer().completeExceptionally(wrong));
            return;
        }
        int from = 0;
        for (Pending batch : batches) {
            long[] own = new long[2 * batch.changes()];
            System.arraycopy(pairs, from, own, 0, own.length);
            from += own.length;
            batch.answer().complete(own);
        }
    }
}
