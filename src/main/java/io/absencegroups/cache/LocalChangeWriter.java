package io.absencegroups.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The memory backend: changes are applied to the local store, at once, on the caller's thread. */
public final class LocalChangeWriter implements ChangeWriter {

    private final AbsenceGroupStore store;

    public LocalChangeWriter(AbsenceGroupStore store) {
        this.store = store;
    }

    @Override
    public CompletionStage<ApplyResult> apply(Change change) {
        return CompletableFuture.completedFuture(store.apply(change));
    }

    @Override
    public CompletionStage<List<ApplyResult>> applyAll(List<? extends Change> changes) {
        List<ApplyResult> results = new ArrayList<>(changes.size());
        for (Change change : changes) {
            results.add(store.apply(change));
        }
        return CompletableFuture.completedFuture(results);
    }

    @Override
    public CompletionStage<Boolean> removeVanished(long id, long listingStart, ChangeVersion listingVersion) {
        return CompletableFuture.completedFuture(store.removeVanished(id, listingStart, listingVersion));
    }
}
