package io.absencegroups.cache;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where changes are applied: the local store itself (the memory backend), or a shared store whose
 * replica the local store is (the Redis backend). Either way the one rule decides, and a stage
 * completes only once the local store shows the outcome, so a caller that answers after it can be
 * read back from this process at once.
 */
public interface ChangeWriter {

    /** Applies one change with the changeVersion rule. */
    default CompletionStage<ApplyResult> apply(Change change) {
        return applyAll(List.of(change)).thenApply(results -> results.get(0));
    }

    /**
     * Applies the changes of one delivery or one sync page, each with the rule; the results are in
     * the order of the changes. The batch is stored whole or, when the stage fails, not at all.
     */
    CompletionStage<List<ApplyResult>> applyAll(List<? extends Change> changes);

    /** Deletes a group that a complete listing no longer had; see {@link AbsenceGroupStore#removeVanished}. */
    CompletionStage<Boolean> removeVanished(long id, long listingStart, ChangeVersion listingVersion);
}
