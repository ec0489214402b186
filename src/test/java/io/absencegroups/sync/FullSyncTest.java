package io.absencegroups.sync;

import io.absencegroups.cache.AbsenceGroup;
import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.Change;
import io.absencegroups.cache.ChangeVersion;
import io.absencegroups.cache.Cursor;
import io.absencegroups.cache.Stored;
import io.absencegroups.cache.StoreLimits;
import io.absencegroups.upstream.GroupPage;
import io.absencegroups.upstream.UpstreamException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.subscription.UniEmitter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Full sync and reconcile over a scripted page source and a real store; no Quarkus. */
class FullSyncTest {

    private final Clock clock = Clock.fixed(Instant.parse("2025-03-24T10:00:00Z"), ZoneOffset.UTC);
    private AbsenceGroupStore store;
    private Map<String, Object> pages;
    private List<String> requested;
    private List<SyncReport> reports;
    private UniEmitter<? super GroupPage> held;
    private FullSync sync;

    @BeforeEach
    void setUp() {
        store = new AbsenceGroupStore(clock, new StoreLimits(1000, Duration.ofHours(72)));
        pages = new HashMap<>();
        requested = new ArrayList<>();
        reports = new ArrayList<>();
        sync = new FullSync(this::page, store, new io.absencegroups.cache.LocalChangeWriter(store), clock, 50, reports::add);
    }

    /** Pages by nextLink ("first" for the first); a value is a GroupPage, a failure, or "hold". */
    private Uni<GroupPage> page(String nextLink) {
        String key = nextLink == null ? "first" : nextLink;
        requested.add(key);
        Object answer = pages.get(key);
        if ("hold".equals(answer)) {
            return Uni.createFrom().emitter(e -> held = e);
        }
        if (answer instanceof Throwable t) {
            return Uni.createFrom().failure(t);
        }
        return Uni.createFrom().item((GroupPage) answer);
    }

    private static AbsenceGroup group(long id, String version) {
        return new AbsenceGroup(id, ChangeVersion.parse(version), new AbsenceGroup.Name("group " + id, Map.of()), "Absence");
    }

    private static GroupPage pageOf(String nextLink, AbsenceGroup... groups) {
        return new GroupPage(List.of(groups), 0, nextLink);
    }

    private SyncReport run() {
        return sync.run("test").await().indefinitely();
    }

    @Test
    void followsTheNextLinkChainThroughAnEmptyPage() {
        pages.put("first", pageOf("/p2", group(1, "01"), group(2, "02")));
        pages.put("/p2", pageOf("/p3"));
        pages.put("/p3", pageOf(null, group(3, "03")));

        SyncReport report = run();

        assertEquals(List.of("first", "/p2", "/p3"), requested, "an empty page is not the end");
        assertEquals(SyncReport.Outcome.COMPLETE, report.outcome());
        assertEquals(3, report.pages());
        assertEquals(3, report.items());
        assertEquals(3, report.applied());
        assertEquals(Set.of(1L, 2L, 3L), store.liveIds());
        assertEquals(List.of(report), reports);
        assertFalse(sync.running());
        assertEquals(report, sync.last().orElseThrow());
    }

    @Test
    void aListingNeverOverwritesANewerDeliveredChange() {
        store.apply(new Change.InsertOrUpdate(group(1, "09")));
        pages.put("first", pageOf(null, group(1, "05"), group(2, "02")));

        SyncReport report = run();

        assertEquals("09", store.get(1).orElseThrow().changeVersion().text());
        assertEquals(1, report.applied());
        assertEquals(1, report.unchanged());
    }

    @Test
    void reconcileRemovesAGroupThatVanishedUpstream() {
        store.apply(new Change.InsertOrUpdate(group(1, "01")));
        store.apply(new Change.InsertOrUpdate(group(7, "02")));
        pages.put("first", pageOf(null, group(1, "01")));
        Cursor follower = store.cursor();

        SyncReport report = run();

        assertEquals(1, report.removed());
        assertTrue(store.get(7).isEmpty());
        assertEquals(Set.of(1L), store.liveIds());
        assertEquals(ChangeVersion.parse("02"), store.stored(7).orElseThrow().changeVersion(),
                "the delete carries the listing's version (the greatest known), not an invented one");
        assertEquals(List.of(7L), store.changesAfter(follower, 10).changes().stream().map(Stored::id).toList(),
                "the delete is a new change in the log, so feed followers see it");
    }

    @Test
    void reconcileKeepsAGroupDeliveredWhileTheListingRan() {
        store.apply(new Change.InsertOrUpdate(group(7, "02")));
        pages.put("first", pageOf("/p2", group(1, "01")));
        pages.put("/p2", "hold");

        UniAssertSubscriber<SyncReport> running = sync.run("test").subscribe().withSubscriber(UniAssertSubscriber.create());
        assertTrue(sync.running());
        // deliveries while the listing runs: a new group, and a change to one the listing has not seen
        store.apply(new Change.InsertOrUpdate(group(8, "03")));
        store.apply(new Change.InsertOrUpdate(group(7, "04")));
        held.complete(pageOf(null));

        SyncReport report = running.awaitItem().getItem();
        assertEquals(SyncReport.Outcome.COMPLETE, report.outcome());
        assertEquals(0, report.removed());
        assertEquals(Set.of(1L, 7L, 8L), store.liveIds());
    }

    @Test
    void aListingThatFailsPartWayRemovesNothingAndKeepsWhatItApplied() {
        store.apply(new Change.InsertOrUpdate(group(7, "02")));
        pages.put("first", pageOf("/p2", group(1, "01")));
        pages.put("/p2", new UpstreamException(503, null, "Maintenance: back soon"));

        SyncReport report = run();

        assertEquals(SyncReport.Outcome.FAILED, report.outcome());
        assertFalse(report.finished());
        assertTrue(report.error().contains("503"), report.error());
        assertEquals(0, report.removed());
        assertEquals(Set.of(1L, 7L), store.liveIds(), "group 7 may be on the page that failed");
        assertEquals(1, report.pages());
    }

    @Test
    void unreadableItemsMakeTheListingIncompleteSoNothingIsRemoved() {
        store.apply(new Change.InsertOrUpdate(group(7, "02")));
        pages.put("first", new GroupPage(List.of(group(1, "01")), 1, null));

        SyncReport report = run();

        assertEquals(SyncReport.Outcome.INCOMPLETE, report.outcome());
        assertTrue(report.finished());
        assertEquals(1, report.skipped());
        assertEquals(0, report.removed());
        assertTrue(store.get(7).isPresent(), "the unreadable item may have been group 7");
    }

    @Test
    void aNextLinkLoopIsAbandonedAfterTheMaximumPages() {
        pages.put("first", pageOf("/again", group(1, "01")));
        pages.put("/again", pageOf("/again"));

        SyncReport report = run();

        assertEquals(SyncReport.Outcome.FAILED, report.outcome());
        assertEquals(50, requested.size());
        assertTrue(report.error().contains("protime.sync.max-pages"), report.error());
    }

    @Test
    void aCompleteSyncHasNoError() {
        pages.put("first", pageOf(null));
        SyncReport report = run();
        assertNull(report.error());
        assertEquals(SyncReport.Outcome.COMPLETE, report.outcome());
        assertEquals(0, report.items());
    }
}
