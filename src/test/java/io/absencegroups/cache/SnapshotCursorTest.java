package io.absencegroups.cache;

import io.absencegroups.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * A list covers every change its cursor covers. A change takes its log position inside its id's
 * update, before the update is visible in the map; the log's waiters are told on that thread, at
 * that moment, so a list taken by a waiter is taken exactly in that window.
 */
class SnapshotCursorTest {

    private final AbsenceGroupStore store = new AbsenceGroupStore(new MutableClock(Instant.parse("2026-12-01T10:00:00Z")),
            new StoreLimits(100, Duration.ofDays(1)));

    private Snapshot listTakenWhileApplying(Change change) {
        List<Snapshot> taken = new ArrayList<>();
        store.log().whenPast(store.position()).thenRun(() -> taken.add(store.snapshot()));
        store.apply(change);
        assertThat(taken, hasSize(1));
        return taken.get(0);
    }

    @Test
    void aNewGroupWhosePositionTheCursorCoversIsInTheList() {
        store.apply(Groups.upsert(1, 1));
        Snapshot list = listTakenWhileApplying(Groups.upsert(2, 2));
        assertThat(list.cursor().position(), equalTo(store.position()));
        assertThat(list.groups().stream().map(AbsenceGroup::id).toList(), contains(1L, 2L));
    }

    @Test
    void aDeleteWhosePositionTheCursorCoversIsNotInTheList() {
        store.apply(Groups.upsert(1, 1));
        store.apply(Groups.upsert(2, 2));
        Snapshot list = listTakenWhileApplying(Groups.delete(1, 3));
        assertThat(list.groups().stream().map(AbsenceGroup::id).toList(), contains(2L));
    }

    @Test
    void anUpdateWhosePositionTheCursorCoversIsInTheList() {
        store.apply(Groups.upsert(1, 1));
        Snapshot list = listTakenWhileApplying(Groups.upsert(1, 2));
        assertThat(list.groups().get(0).changeVersion(), equalTo(Groups.version(2)));
    }
}
