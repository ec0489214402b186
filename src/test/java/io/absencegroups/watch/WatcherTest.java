package io.absencegroups.watch;

import io.absencegroups.api.ChangeFeed;
import io.absencegroups.api.Problem;
import io.absencegroups.cache.AbsenceGroup;
import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.Cursor;
import io.absencegroups.cache.Groups;
import io.absencegroups.cache.StoreLimits;
import io.absencegroups.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * The watcher core, step by step: one lane whose tasks the test runs by hand, a store, and a
 * connection that records what it is sent and flushes when the test says so.
 */
class WatcherTest {

    private static final String EPOCH = "00000000000000aa";

    private final AbsenceGroupStore store = new AbsenceGroupStore(new MutableClock(Instant.parse("2026-12-01T10:00:00Z")),
            new StoreLimits(1, Duration.ofDays(1)), EPOCH);
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final Lane lane = new Lane(store.log(), tasks::add);
    private final Map<CloseReason, Integer> closes = new EnumMap<>(CloseReason.class);
    private long version;

    /** Records events; holds every write until {@link #flush()} unless it flushes at once. */
    private final class Connection implements StreamConnection {
        final List<WatchEvent> events = new ArrayList<>();
        final List<CompletableFuture<Void>> unflushed = new ArrayList<>();
        int unflushedEvents;
        boolean flushesAtOnce = true;
        boolean closed;
        Consumer<WatchEvent> onSend = event -> {
        };

        @Override
        public CompletionStage<?> send(List<WatchEvent> written) {
            for (WatchEvent event : written) {
                events.add(event);
                onSend.accept(event);
            }
            CompletableFuture<Void> flushed = new CompletableFuture<>();
            if (flushesAtOnce) {
                flushed.complete(null);
            } else {
                unflushed.add(flushed);
                unflushedEvents += written.size();
            }
            return flushed;
        }

        @Override
        public void close() {
            closed = true;
        }

        void flush() {
            List<CompletableFuture<Void>> now = new ArrayList<>(unflushed);
            unflushed.clear();
            unflushedEvents = 0;
            now.forEach(f -> f.complete(null));
            run();
        }

        List<String> names() {
            return events.stream().map(e -> e.kind().eventName()).toList();
        }

        /** "upsert 3" / "delete 3" of each change event, "bookmark" for bookmarks. */
        List<String> changes() {
            return events.stream().map(e -> switch (e.kind()) {
                case CHANGE -> {
                    ChangeFeed.Item item = (ChangeFeed.Item) e.data();
                    yield item.data() instanceof AbsenceGroup g ? "upsert " + g.id() : "delete " + ((ChangeFeed.Deleted) item.data()).id();
                }
                default -> e.kind().eventName();
            }).toList();
        }
    }

    private Watcher watch(Connection connection, Watcher.Start start, int maxBuffered) {
        Watcher watcher = new Watcher(store, start, maxBuffered, connection, lane, new Watcher.Listener() {
            @Override
            public void sent(WatchEvent.Kind kind) {
            }

            @Override
            public void closed(Watcher w, CloseReason reason) {
                closes.merge(reason, 1, Integer::sum);
            }
        });
        tasks.add(() -> lane.add(watcher));
        run();
        return watcher;
    }

    private void run() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    private void upsert(long id, String type) {
        store.apply(new io.absencegroups.cache.Change.InsertOrUpdate(Groups.group(id, ++version, "g" + id, type)));
    }

    private void upsert(long id) {
        upsert(id, "Absence");
    }

    private void delete(long id) {
        store.apply(Groups.delete(id, ++version));
    }

    @Test
    void initialStateSkipsDeletedGroupsThenBookmarksTheCursorThenFollows() {
        upsert(1);
        upsert(2);
        delete(2);
        upsert(3);
        Connection connection = new Connection();
        watch(connection, new Watcher.Start(null, true, null), 16);
        assertThat(connection.changes(), contains("upsert 1", "upsert 3", "bookmark"));
        WatchEvent bookmark = connection.events.get(2);
        assertThat(bookmark.id(), equalTo(store.cursor().text()));
        assertThat(((WatchEvent.Bookmark) bookmark.data()).initialEventsEnd(), equalTo(true));

        delete(1);
        run();
        assertThat(connection.changes(), contains("upsert 1", "upsert 3", "bookmark", "delete 1"));
        assertThat(connection.events.get(3).id(), equalTo(store.cursor().text()));
    }

    @Test
    void aGroupDeletedWhileTheInitialStateIsSentArrivesAsADeleteAfterTheBookmark() {
        upsert(1);
        upsert(2);
        Connection connection = new Connection();
        // while group 1 is being written, another thread deletes it; its tombstone is past the initial state's end
        connection.onSend = event -> {
            if (connection.events.size() == 1) {
                delete(1);
            }
        };
        watch(connection, new Watcher.Start(null, true, null), 1);
        assertThat(connection.changes(), contains("upsert 1", "upsert 2", "bookmark", "delete 1"));
    }

    @Test
    void anAppendDuringAWakeRoundIsNotMissed() {
        upsert(1);
        Connection connection = new Connection();
        watch(connection, new Watcher.Start(store.cursor(), false, null), 16);
        // a writer on another thread applies group 3 while the lane is writing group 2
        connection.onSend = event -> {
            if (connection.events.size() == 1) {
                upsert(3);
            }
        };
        upsert(2);
        run();
        assertThat(connection.changes(), contains("upsert 2", "upsert 3"));
    }

    @Test
    void aStalledWatcherResumesWhenItsConnectionDrains() {
        Connection connection = new Connection();
        connection.flushesAtOnce = false;
        watch(connection, new Watcher.Start(store.cursor(), false, null), 4);
        for (long id = 1; id <= 6; id++) {
            upsert(id); // the fifth and sixth arrive while four wait: 2 < 4 more, no overflow
            run();
        }
        assertThat(connection.events.size(), equalTo(4));
        connection.flush();
        connection.flush();
        assertThat(connection.changes(), contains("upsert 1", "upsert 2", "upsert 3", "upsert 4", "upsert 5", "upsert 6"));
        assertThat(closes.isEmpty(), equalTo(true));
    }

    @Test
    void aWatcherThatStaysFullWhileAsManyChangesMoreArriveOverflowsWithItsResumeCursor() {
        Connection connection = new Connection();
        connection.flushesAtOnce = false;
        watch(connection, new Watcher.Start(store.cursor(), false, null), 4);
        for (long id = 1; id <= 8; id++) {
            upsert(id);
            run();
        }
        assertThat(connection.names(), contains("change", "change", "change", "change", "overflow"));
        WatchEvent overflow = connection.events.get(4);
        assertThat(overflow.id(), equalTo(connection.events.get(3).id()));
        assertThat(((WatchEvent.Overflow) overflow.data()).cursor(), equalTo(overflow.id()));
        assertThat(connection.closed, equalTo(true));
        assertThat(closes, equalTo(Map.of(CloseReason.OVERFLOW, 1)));
        assertThat(lane.size(), equalTo(0));

        // resuming from the overflow's cursor gets the rest, exactly once
        Connection again = new Connection();
        watch(again, new Watcher.Start(Cursor.parse(overflow.id()), false, null), 4);
        assertThat(again.changes(), contains("upsert 5", "upsert 6", "upsert 7", "upsert 8"));
    }

    @Test
    void aLargeInitialStateIsWrittenAtTheConnectionsPaceWithoutOverflow() {
        for (long id = 1; id <= 50; id++) {
            upsert(id);
        }
        Connection connection = new Connection();
        connection.flushesAtOnce = false;
        watch(connection, new Watcher.Start(null, true, null), 4);
        while (!connection.unflushed.isEmpty()) {
            assertThat("at most 4 events and the bookmark wait", connection.unflushedEvents, lessThanOrEqualTo(5));
            connection.flush();
        }
        assertThat(connection.events.size(), equalTo(51));
        assertThat(closes.isEmpty(), equalTo(true));
    }

    @Test
    void aTypeFilterSendsOnlyThatTypeAndAGroupThatLeavesItAsADelete() {
        upsert(1, "Absence");
        upsert(2, "WorkingElsewhere");
        Connection connection = new Connection();
        watch(connection, new Watcher.Start(null, true, Set.of("WorkingElsewhere")), 16);
        upsert(2, "Absence");
        upsert(3, "WorkingElsewhere");
        delete(1);
        run();
        assertThat(connection.changes(), contains("upsert 2", "bookmark", "delete 2", "upsert 3", "delete 1"));
    }

    @Test
    void aCursorOfAnotherEpochGetsExpiredWhichResetsTheLastIdAndEnds() {
        upsert(1);
        Connection connection = new Connection();
        watch(connection, new Watcher.Start(new Cursor("0123456789abcdef", 1), false, null), 16);
        assertThat(connection.names(), contains("expired"));
        WatchEvent expired = connection.events.get(0);
        assertThat(expired.id(), equalTo(""));
        assertThat(((Problem) expired.data()).type(), equalTo("urn:absence-groups-cache:cursor-expired"));
        assertThat(connection.closed, equalTo(true));
        assertThat(closes, equalTo(Map.of(CloseReason.EXPIRED, 1)));
    }

    @Test
    void aCursorBehindAPurgedDeleteGetsExpired() {
        upsert(1);
        Cursor old = store.cursor();
        delete(1);
        delete(2); // the bound is one tombstone: 1's goes
        Connection connection = new Connection();
        watch(connection, new Watcher.Start(old, false, null), 16);
        assertThat(connection.names(), contains("expired"));
    }

    @Test
    void periodicBookmarksCarryTheStreamsCursorAndStopEndsWithOne() {
        upsert(1);
        Connection connection = new Connection();
        Watcher watcher = watch(connection, new Watcher.Start(store.cursor(), false, null), 16);
        assertThat(connection.events, empty());
        lane.bookmarkAll();
        upsert(2);
        run();
        watcher.stop();
        assertThat(connection.names(), contains("bookmark", "change", "bookmark"));
        assertThat(connection.events.get(2).id(), equalTo(store.cursor().text()));
        assertThat(connection.closed, equalTo(true));
        assertThat(closes, equalTo(Map.of(CloseReason.SHUTDOWN, 1)));
    }
}
