package io.absencegroups.cache;

import org.junit.jupiter.api.Test;

import io.absencegroups.testing.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.absencegroups.cache.Groups.delete;
import static io.absencegroups.cache.Groups.group;
import static io.absencegroups.cache.Groups.upsert;
import static io.absencegroups.cache.Groups.version;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AbsenceGroupStoreTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private AbsenceGroupStore store = new AbsenceGroupStore(clock, new StoreLimits(100, Duration.ofHours(72)));

    private static List<Long> ids(List<Stored> changes) {
        return changes.stream().map(Stored::id).toList();
    }

    @Test
    void newerVersionWins() {
        assertThat(store.apply(upsert(1, 10)), is(ApplyResult.APPLIED));
        assertThat(store.apply(upsert(1, 11)), is(ApplyResult.APPLIED));
        assertThat(store.get(1).orElseThrow().changeVersion(), equalTo(version(11)));
    }

    @Test
    void duplicateDeliveryIsIgnored() {
        store.apply(upsert(1, 10));
        long modifications = store.modifications();
        assertThat(store.apply(new Change.InsertOrUpdate(group(1, 10, "changed name", "Absence"))), is(ApplyResult.DUPLICATE));
        assertThat(store.get(1).orElseThrow().name().defaultName(), equalTo("Group 1 v10"));
        assertThat(store.modifications(), equalTo(modifications));
    }

    @Test
    void staleDeliveryIsIgnored() {
        store.apply(upsert(1, 12));
        assertThat(store.apply(upsert(1, 11)), is(ApplyResult.STALE));
        assertThat(store.get(1).orElseThrow().changeVersion(), equalTo(version(12)));
        assertThat(store.highWaterMark().orElseThrow(), equalTo(version(12)));
    }

    @Test
    void deleteLeavesATombstone() {
        store.apply(upsert(1, 10));
        assertThat(store.apply(delete(1, 11)), is(ApplyResult.APPLIED));
        assertThat(store.get(1).isPresent(), is(false));
        assertThat(store.stored(1).orElseThrow(), instanceOf(Tombstone.class));
        assertThat(store.tombstoneCount(), is(1));
        assertThat(store.liveCount(), is(0));
    }

    @Test
    void deleteIsNotResurrectedByOlderUpsert() {
        store.apply(upsert(1, 10));
        store.apply(delete(1, 12));
        assertThat(store.apply(upsert(1, 11)), is(ApplyResult.STALE));
        assertThat(store.get(1).isPresent(), is(false));
    }

    @Test
    void deleteArrivingBeforeItsInsertStillWins() {
        assertThat(store.apply(delete(5, 20)), is(ApplyResult.APPLIED));
        assertThat(store.apply(upsert(5, 19)), is(ApplyResult.STALE));
        assertThat(store.get(5).isPresent(), is(false));
    }

    @Test
    void newerUpsertAfterDeleteBringsTheGroupBack() {
        store.apply(upsert(1, 10));
        store.apply(delete(1, 11));
        assertThat(store.apply(upsert(1, 12)), is(ApplyResult.APPLIED));
        assertThat(store.get(1).orElseThrow().changeVersion(), equalTo(version(12)));
        assertThat(store.tombstoneCount(), is(0));
    }

    @Test
    void duplicateDeleteIsIgnored() {
        store.apply(delete(1, 11));
        assertThat(store.apply(delete(1, 11)), is(ApplyResult.DUPLICATE));
        assertThat(store.apply(delete(1, 10)), is(ApplyResult.STALE));
    }

    @Test
    void highWaterMarkIsTheGreatestAppliedVersion() {
        assertThat(store.highWaterMark().isPresent(), is(false));
        store.apply(upsert(1, 30));
        store.apply(upsert(2, 20));
        store.apply(delete(3, 40));
        store.apply(upsert(1, 25));
        assertThat(store.highWaterMark().orElseThrow(), equalTo(version(40)));
    }

    @Test
    void snapshotIsSortedByIdAndHoldsOnlyLiveGroups() {
        store.apply(upsert(30, 1));
        store.apply(upsert(2, 2));
        store.apply(upsert(17, 3));
        store.apply(delete(17, 4));
        Snapshot snapshot = store.snapshot();
        assertThat(snapshot.groups().stream().map(AbsenceGroup::id).toList(), contains(2L, 30L));
        assertThat(snapshot.highWaterMark(), equalTo(version(4)));
        assertThat(snapshot.modifications(), equalTo(4L));
    }

    @Test
    void changesAfterAreInVersionOrderWithDeletes() {
        store.apply(upsert(1, 10));
        store.apply(upsert(2, 12));
        store.apply(upsert(3, 11));
        store.apply(delete(2, 13));
        ChangesPage all = store.changesAfter(null, 100);
        assertThat(ids(all.changes()), contains(1L, 3L, 2L));
        assertThat(all.changes().get(2), instanceOf(Tombstone.class));
        assertThat(all.last(), equalTo(version(13)));

        ChangesPage after = store.changesAfter(version(10), 100);
        assertThat(ids(after.changes()), contains(3L, 2L));
        assertThat(store.changesAfter(version(13), 100).changes(), is(empty()));
        assertThat(store.changesAfter(version(13), 100).last(), equalTo(version(13)));
    }

    @Test
    void historyKeepsOnlyTheLatestChangePerId() {
        for (int v = 1; v <= 50; v++) {
            store.apply(upsert(1, v));
        }
        ChangesPage page = store.changesAfter(null, 100);
        assertThat(page.changes().size(), is(1));
        assertThat(page.changes().get(0).changeVersion(), equalTo(version(50)));
    }

    @Test
    void limitCutsPagesButNeverBetweenEqualVersions() {
        store.apply(upsert(1, 10));
        store.apply(upsert(2, 11));
        store.apply(upsert(3, 11));
        store.apply(upsert(4, 12));
        ChangesPage first = store.changesAfter(null, 2);
        assertThat(ids(first.changes()), contains(1L, 2L, 3L));
        assertThat(first.complete(), is(false));
        ChangesPage second = store.changesAfter(first.last(), 2);
        assertThat(ids(second.changes()), contains(4L));
        assertThat(second.complete(), is(true));
    }

    @Test
    void tombstonesAreBoundedByCountOldestFirst() {
        store = new AbsenceGroupStore(clock, new StoreLimits(3, Duration.ofDays(365)));
        for (int id = 1; id <= 5; id++) {
            store.apply(delete(id, id));
        }
        assertThat(store.tombstoneCount(), is(3));
        assertThat(store.stored(1).isPresent(), is(false));
        assertThat(store.stored(2).isPresent(), is(false));
        assertThat(store.stored(3).isPresent(), is(true));
        assertThat(store.horizon().orElseThrow(), equalTo(version(2)));
    }

    @Test
    void tombstonesAreBoundedByAge() {
        store = new AbsenceGroupStore(clock, new StoreLimits(100, Duration.ofHours(1)));
        store.apply(delete(1, 1));
        clock.advance(Duration.ofMinutes(40));
        store.apply(delete(2, 2));
        clock.advance(Duration.ofMinutes(30));
        store.purgeTombstones();
        assertThat(store.stored(1).isPresent(), is(false));
        assertThat(store.stored(2).isPresent(), is(true));
        clock.advance(Duration.ofMinutes(31));
        store.purgeTombstones();
        assertThat(store.tombstoneCount(), is(0));
    }

    @Test
    void supersededTombstonesCountTowardsTheBoundSoRepeatedDeletesCannotGrowMemory() {
        store = new AbsenceGroupStore(clock, new StoreLimits(10, Duration.ofDays(365)));
        long version = 0;
        for (int round = 0; round < 1000; round++) {
            store.apply(upsert(1, ++version));
            store.apply(delete(1, ++version));
        }
        assertThat(store.tombstoneCount(), lessThanOrEqualTo(1));
        assertThat(store.changesAfter(null, 100).changes().size(), is(1));
    }

    @Test
    void afterOlderThanPurgedHistoryIsGone() {
        store = new AbsenceGroupStore(clock, new StoreLimits(1, Duration.ofDays(365)));
        store.apply(upsert(1, 1));
        store.apply(delete(2, 5));
        store.apply(delete(3, 9));
        HistoryExpiredException gone = assertThrows(HistoryExpiredException.class,
                () -> store.changesAfter(version(4), 10));
        assertThat(gone.horizon(), equalTo(version(5)));
        assertThat(ids(store.changesAfter(version(5), 10).changes()), contains(3L));
        assertThat(ids(store.changesAfter(null, 10).changes()), contains(1L, 3L));
    }

    @Test
    void purgedTombstoneNoLongerProtectsAgainstOlderUpserts() {
        // the documented price of bounded memory: a redelivery older than the bound wins again
        store = new AbsenceGroupStore(clock, new StoreLimits(1, Duration.ofDays(365)));
        store.apply(delete(1, 5));
        store.apply(delete(2, 6));
        assertThat(store.apply(upsert(1, 4)), is(ApplyResult.APPLIED));
    }

    @Test
    void removeVanishedDeletesWithAVersionAfterEverything() {
        store.apply(upsert(1, 10));
        store.apply(upsert(2, 20));
        long listingStart = store.revision();
        assertThat(store.removeVanished(1, listingStart), is(true));
        Stored stored = store.stored(1).orElseThrow();
        assertThat(stored, instanceOf(Tombstone.class));
        assertThat(stored.changeVersion().compareTo(version(20)) > 0, is(true));
        assertThat(store.highWaterMark().orElseThrow(), equalTo(stored.changeVersion()));
        assertThat(ids(store.changesAfter(version(20), 10).changes()), contains(1L));
    }

    @Test
    void removeVanishedSparesAGroupAppliedAfterTheListingBegan() {
        store.apply(upsert(1, 10));
        long listingStart = store.revision();
        store.apply(upsert(1, 11));
        store.apply(upsert(2, 12));
        assertThat(store.removeVanished(1, listingStart), is(false));
        assertThat(store.removeVanished(2, listingStart), is(false));
        assertThat(store.get(1).isPresent(), is(true));
        assertThat(store.get(2).isPresent(), is(true));
    }

    @Test
    void modificationsCountOnlyAppliedChanges() {
        store.apply(upsert(1, 10));
        store.apply(upsert(1, 10));
        store.apply(upsert(1, 9));
        store.apply(upsert(2, 5)); // older than the high-water mark, but new for its id
        assertThat(store.modifications(), is(2L));
    }
}
