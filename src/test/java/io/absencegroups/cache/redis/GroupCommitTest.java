package io.absencegroups.cache.redis;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Group commit without Redis: a fake script whose calls the test answers by hand. */
class GroupCommitTest {

    /** The calls made so far, each with the answer the test gives it. */
    private final List<List<String>> calls = new ArrayList<>();
    private final List<CompletableFuture<long[]>> answers = new ArrayList<>();
    private String epoch = "e1";

    private GroupCommit commits(int inFlight, int perCall) {
        return new GroupCommit(args -> {
            calls.add(List.copyOf(args));
            CompletableFuture<long[]> answer = new CompletableFuture<>();
            answers.add(answer);
            return Uni.createFrom().completionStage(answer);
        }, () -> epoch, inFlight, perCall);
    }

    /** A batch of upserts of these ids, in the script's argument layout. */
    private static List<String> batch(long... ids) {
        List<String> args = new ArrayList<>();
        for (long id : ids) {
            args.addAll(List.of(Long.toString(id), "U", "A", "a", "{}", "0"));
        }
        return args;
    }

    /** The script's answer for changes at these positions, all applied. */
    private static long[] applied(long... positions) {
        long[] pairs = new long[positions.length * 2];
        for (int i = 0; i < positions.length; i++) {
            pairs[2 * i] = ApplyScript.APPLIED;
            pairs[2 * i + 1] = positions[i];
        }
        return pairs;
    }

    private static List<String> ids(List<String> call) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i < call.size(); i += ApplyScript.ARGS_PER_CHANGE) {
            ids.add(call.get(i));
        }
        return ids;
    }

    @Test
    void aLoneBatchGoesAtOnceWithTheEpoch() throws Exception {
        GroupCommit commits = commits(1, 100);
        CompletableFuture<long[]> answer = commits.submit(batch(7, 8));
        assertEquals(1, calls.size());
        assertEquals("e1", calls.get(0).get(0));
        assertEquals(List.of("7", "8"), ids(calls.get(0)));

        answers.get(0).complete(applied(1, 2));
        assertArrayEquals(applied(1, 2), answer.get());
    }

    @Test
    void batchesThatArriveWhileACallIsOutGoTogetherAndEachGetsItsOwnSlice() throws Exception {
        GroupCommit commits = commits(1, 100);
        CompletableFuture<long[]> first = commits.submit(batch(1));
        CompletableFuture<long[]> second = commits.submit(batch(2, 3));
        CompletableFuture<long[]> third = commits.submit(batch(4));
        assertEquals(1, calls.size(), "the others wait for the call out");

        epoch = "e2"; // read as the next call goes out
        answers.get(0).complete(applied(10));
        assertArrayEquals(applied(10), first.get());
        assertEquals(2, calls.size());
        assertEquals("e2", calls.get(1).get(0));
        assertEquals(List.of("2", "3", "4"), ids(calls.get(1)), "the waiting batches, in their order, in one call");
        assertFalse(second.isDone());

        answers.get(1).complete(new long[]{ApplyScript.APPLIED, 11, ApplyScript.DUPLICATE, 5, ApplyScript.STALE, 6});
        assertArrayEquals(new long[]{ApplyScript.APPLIED, 11, ApplyScript.DUPLICATE, 5}, second.get());
        assertArrayEquals(new long[]{ApplyScript.STALE, 6}, third.get());
        assertEquals(2, calls.size(), "nothing waits: no empty call");
    }

    @Test
    void upToMaxInFlightCallsGoOutAtOnce() {
        GroupCommit commits = commits(2, 100);
        commits.submit(batch(1));
        commits.submit(batch(2));
        commits.submit(batch(3));
        commits.submit(batch(4));
        assertEquals(2, calls.size());
        answers.get(1).complete(applied(20));
        assertEquals(3, calls.size(), "the freed slot takes what waits");
        assertEquals(List.of("3", "4"), ids(calls.get(2)));
    }

    @Test
    void aCallCarriesAtMostMaxChangesButNeverSplitsABatch() throws Exception {
        GroupCommit commits = commits(1, 3);
        commits.submit(batch(1));
        commits.submit(batch(2, 3));
        commits.submit(batch(4, 5));
        CompletableFuture<long[]> large = commits.submit(batch(6, 7, 8, 9));
        answers.get(0).complete(applied(1));
        assertEquals(List.of("2", "3"), ids(calls.get(1)), "2 + 2 changes would be over 3");
        answers.get(1).complete(applied(2, 3));
        assertEquals(List.of("4", "5"), ids(calls.get(2)));
        answers.get(2).complete(applied(4, 5));
        assertEquals(List.of("6", "7", "8", "9"), ids(calls.get(3)), "a batch over the bound goes alone, whole");
        answers.get(3).complete(applied(6, 7, 8, 9));
        assertArrayEquals(applied(6, 7, 8, 9), large.get());
    }

    @Test
    void aFailedCallFailsItsBatchesAndTheNextCallStillGoes() throws Exception {
        GroupCommit commits = commits(1, 100);
        CompletableFuture<long[]> first = commits.submit(batch(1));
        CompletableFuture<long[]> second = commits.submit(batch(2));
        CompletableFuture<long[]> third = commits.submit(batch(3));
        answers.get(0).completeExceptionally(new IllegalStateException("connection reset"));
        ExecutionException failed = assertThrows(ExecutionException.class, first::get);
        assertEquals("connection reset", failed.getCause().getMessage());

        answers.get(1).completeExceptionally(new IllegalStateException("timed out"));
        assertThrows(ExecutionException.class, second::get);
        assertThrows(ExecutionException.class, third::get);

        CompletableFuture<long[]> fourth = commits.submit(batch(4));
        answers.get(2).complete(applied(9));
        assertArrayEquals(applied(9), fourth.get());
    }

    @Test
    void aNewEpochReachesEveryBatchOfTheCall() throws Exception {
        GroupCommit commits = commits(1, 100);
        commits.submit(batch(1));
        CompletableFuture<long[]> second = commits.submit(batch(2, 3));
        CompletableFuture<long[]> third = commits.submit(batch(4));
        answers.get(0).complete(applied(1));
        long[] changed = {ApplyScript.EPOCH_CHANGED, 0};
        answers.get(1).complete(changed);
        assertSame(changed, second.get());
        assertSame(changed, third.get());
    }

    @Test
    void anAnswerOfTheWrongLengthFailsTheBatchesInsteadOfMisplacingResults() {
        GroupCommit commits = commits(1, 100);
        commits.submit(batch(1));
        CompletableFuture<long[]> second = commits.submit(batch(2));
        CompletableFuture<long[]> third = commits.submit(batch(3));
        answers.get(0).complete(applied(1));
        answers.get(1).complete(applied(2));
        ExecutionException failed = assertThrows(ExecutionException.class, second::get);
        assertTrue(failed.getCause().getMessage().contains("2 numbers for 2 changes"), failed.getCause().getMessage());
        assertThrows(ExecutionException.class, third::get);
    }

    @Test
    void aBatchWhoseCallerGaveUpIsNotSent() {
        GroupCommit commits = commits(1, 100);
        commits.submit(batch(1));
        CompletableFuture<long[]> abandoned = commits.submit(batch(2));
        commits.submit(batch(3));
        abandoned.cancel(false);
        answers.get(0).complete(applied(1));
        assertEquals(List.of("3"), ids(calls.get(1)));
    }

    @Test
    void whenOnlyAbandonedBatchesWaitTheSlotIsFreedForTheNext() {
        GroupCommit commits = commits(1, 100);
        commits.submit(batch(1));
        commits.submit(batch(2)).cancel(false);
        answers.get(0).complete(applied(1));
        assertEquals(1, calls.size());
        commits.submit(batch(3));
        assertEquals(2, calls.size(), "the slot was given back");
    }

    @Test
    void aBatchMustHoldWholeChanges() {
        GroupCommit commits = commits(1, 100);
        assertThrows(IllegalArgumentException.class, () -> commits.submit(List.of("1", "U")));
        assertThrows(IllegalArgumentException.class, () -> commits.submit(List.of()));
        assertTrue(calls.isEmpty());
    }
}
