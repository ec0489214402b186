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
        long position = store.position();
        assertThat(store.apply(new Change.InsertOrUpdate(group(1, 10, "changed name", "Absence"))), is(ApplyResult.DUPLICATE));
        assertThat(store.get(1).orElseThrow().name().defaultName(), equalTo("Group 1 v10"));
        assertThat(store.position(), equalTo(position));
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
        assertThat(snapshot.cursor(), equalTo(store.cursor()));
        assertThat(snapshot.cursor().position(), equalTo(4L));
    }

    @Test
    void changesAreInArrivalOrderWithDeletes() {
        store.apply(upsert(1, 10));
        store.apply(upsert(2, 12));
        store.apply(upsert(3, 11));
        store.apply(delete(2, 13));
        ChangesPage all = store.changesAfter(null, 100);
        assertThat(ids(all.changes()), contains(1L, 3L, 2L));
        assertThat(all.changes().get(2), instanceOf(Tombstone.class));
        assertThat(all.next(), equalTo(store.cursor()));
        assertThat(all.complete(), is(true));

        Cursor afterFirst = new Cursor(store.cursor().epoch(), 1);
        assertThat(ids(store.changesAfter(afterFirst, 100).changes()), contains(3L, 2L));
        assertThat(store.changesAfter(store.cursor(), 100).changes(), is(empty()));
        assertThat(store.changesAfter(store.cursor(), 100).next(), equalTo(store.cursor()));
    }

    @Test
    void aLateLowerVersionIsANewChangeAfterTheConsumersCursor() {
        store.apply(upsert(1, 10));
        store.apply(upsert(2, 50));
        Cursor consumer = store.changesAfter(null, 100).next();
        // shuffled delivery: older than the high-water mark, but new for its id
        assertThat(store.apply(upsert(3, 20)), is(ApplyResult.APPLIED));
        assertThat(ids(store.changesAfter(consumer, 100).changes()), contains(3L));
    }

    @Test
    void logKeepsOnlyTheLatestChangePerId() {
        for (int v = 1; v <= 50; v++) {
            store.apply(upsert(1, v));
        }
        ChangesPage page = store.changesAfter(null, 100);
        assertThat(page.changes().size(), is(1));
        assertThat(page.changes().get(0).changeVersion(), equalTo(version(50)));
        assertThat(page.next().position(), is(50L));
    }

    @Test
    void logSlotsStayBoundedUnderRepeatedChangesOfFewIds() {
        for (int v = 1; v <= 10_000; v++) {
            store.apply(upsert(v % 7, v));
        }
        assertThat(store.changesAfter(null, 100).changes().size(), is(7));
        assertThat(store.log().slots(), lessThanOrEqualTo(2 * 7 + 64 + 1));
    }

    @Test
    void limitCutsPagesAndTheNextPageContinuesWhereItStopped() {
        store.apply(upsert(1, 10));
        store.apply(upsert(2, 11));
        store.apply(upsert(3, 11));
        store.apply(upsert(4, 12));
        ChangesPage first = store.changesAfter(null, 2);
        assertThat(ids(first.changes()), contains(1L, 2L));
        assertThat(first.complete(), is(false));
        ChangesPage second = store.changesAfter(first.next(), 2);
        assertThat(ids(second.changes()), contains(3L, 4L));
        ChangesPage third = store.changesAfter(second.next(), 2);
        assertThat(third.changes(), is(empty()));
        assertThat(third.complete(), is(true));
    }

    @Test
    void aCursorOfAnotherLogIsExpired() {
        store.apply(upsert(1, 10));
        AbsenceGroupStore other = new AbsenceGroupStore(clock, new StoreLimits(100, Duration.ofHours(72)));
        other.apply(upsert(1, 10));
        assertThrows(CursorExpiredException.class, () -> store.changesAfter(other.cursor(), 10));
    }

    @Test
    void aCursorAheadOfTheLogIsNotOurs() {
        store.apply(upsert(1, 10));
        Cursor ahead = new Cursor(store.cursor().epoch(), 2);
        assertThrows(MalformedCursorException.class, () -> store.changesAfter(ahead, 10));
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
        assertThat(store.log().horizon(), is(2L));
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
    void aCursorOlderThanPurgedHistoryIsExpired() {
        store = new AbsenceGroupStore(clock, new StoreLimits(1, Duration.ofDays(365)));
        store.apply(upsert(1, 1));
        store.apply(delete(2, 5));
        Cursor beforeTheFirstDelete = new Cursor(store.cursor().epoch(), 1);
        store.apply(delete(3, 9)); // purges the tombstone of 2, at position 2
        assertThrows(CursorExpiredException.class, () -> store.changesAfter(beforeTheFirstDelete, 10));
        Cursor atThePurgedDelete = new Cursor(store.cursor().epoch(), 2);
        assertThat(ids(store.changesAfter(atThePurgedDelete, 10).changes()), contains(3L));
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
    void reconcileDeleteCarriesTheListingsVersionAndIsANewLogEntry() {
        store.apply(upsert(1, 10));
        store.apply(upsert(2, 20));
        Cursor consumer = store.cursor();
        long listingStart = store.position();
        assertThat(store.removeVanished(1, listingStart, version(25)), is(true));
        Stored stored = store.stored(1).orElseThrow();
        assertThat(stored, instanceOf(Tombstone.class));
        assertThat(stored.changeVersion(), equalTo(version(25)));
        assertThat(store.highWaterMark().orElseThrow(), equalTo(version(20)));
        assertThat(ids(store.changesAfter(consumer, 10).changes()), contains(1L));
    }

    @Test
    void reconcileDeleteBlocksAStaleUpsertOlderThanTheListing() {
        store.apply(upsert(1, 10));
        store.apply(upsert(2, 20));
        store.removeVanished(1, store.position(), version(20));
        // a late redelivery of a change made before the listing that no longer had the group
        assertThat(store.apply(upsert(1, 15)), is(ApplyResult.STALE));
        assertThat(store.apply(upsert(1, 20)), is(ApplyResult.DUPLICATE));
        assertThat(store.get(1).isPresent(), is(false));
    }

    @Test
    void reconcileDeleteLetsALaterRealChangeThrough() {
        store.apply(upsert(1, 10));
        store.apply(upsert(2, 20));
        store.removeVanished(1, store.position(), version(20));
        Cursor consumer = store.cursor();
        // myProtime's next real change may carry the very next version: it must neither collide nor hide
        assertThat(store.apply(upsert(1, 21)), is(ApplyResult.APPLIED));
        assertThat(store.get(1).orElseThrow().changeVersion(), equalTo(version(21)));
        List<Stored> seen = store.changesAfter(consumer, 10).changes();
        assertThat(ids(seen), contains(1L));
        assertThat(seen.get(0), instanceOf(Stored.Live.class));
    }

    @Test
    void reconcileDeleteNeverTakesAVersionBelowTheGroupsOwn() {
        store.apply(upsert(1, 30));
        store.removeVanished(1, store.position(), version(20));
        assertThat(store.stored(1).orElseThrow().changeVersion(), equalTo(version(30)));
        assertThat(store.apply(upsert(1, 30)), is(ApplyResult.DUPLICATE));
    }

    @Test
    void removeVanishedSparesAGroupAppliedAfterTheListingBegan() {
        store.apply(upsert(1, 10));
        long listingStart = store.position();
        store.apply(upsert(1, 11));
        store.apply(upsert(2, 12));
        assertThat(store.removeVanished(1, listingStart, version(12)), is(false));
        assertThat(store.removeVanished(2, listingStart, version(12)), is(false));
        assertThat(store.get(1).isPresent(), is(true));
        assertThat(store.get(2).isPresent(), is(true));
    }

    @Test
    void onlyAppliedChangesTakeAPosition() {
        store.apply(upsert(1, 10));
        store.apply(upsert(1, 10));
        store.apply(upsert(1, 9));
        store.apply(upsert(2, 5)); // older than the high-water mark, but new for its id
        assertThat(store.position(), is(2L));
    }

    @Test
    void waitersAreToldWhenTheLogMovesPastTheirPosition() {
        store.apply(upsert(1, 10));
        assertThat(store.log().whenPast(0).toCompletableFuture().isDone(), is(true));
        var waiting = store.log().whenPast(1).toCompletableFuture();
        assertThat(waiting.isDone(), is(false));
        store.apply(upsert(1, 10)); // a duplicate does not move the log
        assertThat(waiting.isDone(), is(false));
        store.apply(upsert(2, 3));
        assertThat(waiting.getNow(-1L), is(2L));
    }

    @Test
    void aWaiterIsNotWokenByAnAppendThatDoesNotPassItsPosition() {
        var waiting = store.log().whenPast(2).toCompletableFuture();
        store.apply(upsert(1, 1));
        store.apply(upsert(2, 1));
        assertThat(waiting.isDone(), is(false));
        store.apply(upsert(3, 1));
        assertThat(waiting.getNow(-1L), is(3L));
    }

    @Test
    void aReplicaTakesEntriesAtTheSharedLogsPositions() {
        AbsenceGroupStore replica = new AbsenceGroupStore(clock, new StoreLimits(100, Duration.ofHours(72)), "00000000000000aa");
        replica.replicate(new Stored.Live(group(1, 10), 5));
        replica.replicate(new Stored.Live(group(2, 11), 9));
        replica.replicate(new Stored.Live(group(1, 12), 12));
        assertThat(replica.cursor(), equalTo(new Cursor("00000000000000aa", 12)));
        assertThat(replica.get(1).orElseThrow().changeVersion(), equalTo(version(12)));
        assertThat(ids(replica.changesAfter(new Cursor("00000000000000aa", 5), 10).changes()), contains(2L, 1L));
        assertThat(replica.highWaterMark().orElseThrow(), equalTo(version(12)));
        assertThrows(IllegalStateException.class, () -> replica.replicate(new Stored.Live(group(3, 1), 12)),
                "positions only grow");
    }

    @Test
    void aResetReplicaForgetsEverythingAndOldCursorsExpire() {
        store.apply(upsert(1, 10));
        Cursor old = store.cursor();
        var waiting = store.log().whenPast(5).toCompletableFuture();
        store.reset("00000000000000bb");
        assertThat(store.snapshot().groups(), is(empty()));
        assertThat(store.cursor(), equalTo(new Cursor("00000000000000bb", 0)));
        assertThrows(CursorExpiredException.class, () -> store.changesAfter(old, 10));
        assertThat("a waiter of the old epoch is woken to look again", waiting.isDone(), is(true));
    }
}
