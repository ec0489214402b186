package io.absencegroups.watch;

import io.absencegroups.testing.PrometheusMetrics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static io.absencegroups.watch.WatchStreamTest.changeOf;
import static io.absencegroups.watch.WatchStreamTest.json;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;

/**
 * The stream's bounds, with short settings: bookmarks every 300 ms, at most 8 unflushed events per
 * stream, room for one tombstone.
 */
@QuarkusTest
@TestProfile(WatchLimitsTest.Limits.class)
class WatchLimitsTest {

    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "protime.watch.bookmark-interval", "300ms",
                    "protime.watch.max-buffered-events", "8",
                    "protime.store.tombstone-max-count", "1",
                    // the stopped reader must still be connected when it reads again, however slow this machine is
                    "quarkus.http.idle-timeout", "10m");
        }
    }

    private static final AtomicLong IDS = new AtomicLong(800_000);
    /** Big enough that a few hundred changes fill the network buffers of a reader that stopped reading. */
    private static final String LONG_NAME = "x".repeat(8 * 1024);

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URL base;

    private static String listCursor() {
        return Changes.cursor();
    }

    @Test
    void anIdleStreamGetsBookmarksWithItsCursor() {
        String now = listCursor();
        try (EventStream stream = EventStream.open(vertx, base.getPort(), "/absence-groups/changes?after=" + now, Map.of())) {
            for (int i = 0; i < 2; i++) {
                EventStream.Event bookmark = stream.next();
                assertThat(bookmark.name(), equalTo("bookmark"));
                assertThat(bookmark.id(), equalTo(now));
                assertThat(json(bookmark.data()).path("cursor").asText(), equalTo(now));
                assertThat(json(bookmark.data()).path("initialEventsEnd").asBoolean(), equalTo(false));
            }
            Changes.of().upsert(IDS.incrementAndGet(), "moved on").deliver();
            // a bookmark may come first when the delivery takes longer than the interval; it still holds the old cursor
            List<EventStream.Event> toChange = stream.until("change");
            for (EventStream.Event before : toChange.subList(0, toChange.size() - 1)) {
                assertThat(before.name(), equalTo("bookmark"));
                assertThat(before.id(), equalTo(now));
            }
            String moved = toChange.get(toChange.size() - 1).id();
            assertThat(moved, equalTo(listCursor()));
            List<EventStream.Event> toBookmark = stream.until("bookmark");
            assertThat("nothing but the bookmark follows the one change", toBookmark.size(), equalTo(1));
            assertThat(toBookmark.get(0).id(), equalTo(moved));
        }
    }

    @Test
    void aCursorOlderThanAPurgedDeleteGetsExpired() {
        long kept = IDS.incrementAndGet(), gone = IDS.incrementAndGet(), pushed = IDS.incrementAndGet();
        Changes.of().upsert(kept, "kept").upsert(gone, "gone").deliver();
        String old = listCursor();
        Changes.of().delete(gone).deliver();
        Changes.of().delete(pushed).deliver(); // room for one tombstone: the delete of 'gone' is purged
        try (EventStream stream = EventStream.open(vertx, base.getPort(), "/absence-groups/changes?after=" + old, Map.of())) {
            EventStream.Event expired = stream.next();
            assertThat(expired.name(), equalTo("expired"));
            assertThat(json(expired.data()).path("detail").asText(), containsString("no longer retained"));
            assertThat(stream.endsWithin(EventStream.WAIT), equalTo(true));
        }
    }

    @Test
    void aReaderThatStopsReadingOverflowsWhileAFastReaderGetsEverything() {
        double overflows = PrometheusMetrics.value("absencegroups_watch_closes_total", "reason=\"overflow\"");
        String from = listCursor();
        String uri = "/absence-groups/changes?after=" + from;
        List<Long> ids = new ArrayList<>();
        try (EventStream slow = EventStream.open(vertx, base.getPort(), uri, Map.of(), new HttpClientOptions().setReceiveBufferSize(4096));
             EventStream fast = EventStream.open(vertx, base.getPort(), uri, Map.of())) {
            assertThat(slow.status(), equalTo(200));
            assertThat(fast.status(), equalTo(200));
            slow.pause();

            // 400 changes of 16 KiB (the name and its translation): far more than the socket buffers of the stopped reader hold
            Set<Long> fastSaw = new HashSet<>();
            for (int delivery = 0; delivery < 40; delivery++) {
                Changes changes = Changes.of();
                for (int i = 0; i < 10; i++) {
                    long id = IDS.incrementAndGet();
                    ids.add(id);
                    changes.upsert(id, LONG_NAME);
                }
                changes.deliver();
                drainChanges(fast, fastSaw); // the fast reader keeps up as it goes
            }
            while (fastSaw.size() < ids.size()) {
                drainChanges(fast, fastSaw);
            }
            assertThat(fastSaw, equalTo(new HashSet<>(ids)));

            // the stopped reader was closed with 'overflow'; once it reads again it gets what was written, then that
            slow.resume();
            List<String> slowSaw = new ArrayList<>();
            EventStream.Event event;
            String lastId = from;
            while (!(event = slow.next()).name().equals("overflow")) {
                if (event.name().equals("change")) {
                    slowSaw.add(changeOf(event));
                }
                lastId = event.id();
            }
            assertThat("the overflow's id is the last written event's", event.id(), equalTo(lastId));
            assertThat(json(event.data()).path("detail").asText(), containsString("read too slowly"));
            assertThat(slow.endsWithin(EventStream.WAIT), equalTo(true));
            assertThat("the slow reader was cut before the end", slowSaw.size(), lessThan(ids.size()));

            // and it resumes from there: the rest, once each
            try (EventStream again = EventStream.open(vertx, base.getPort(), uri, Map.of("Last-Event-ID", lastId))) {
                while (slowSaw.size() < ids.size()) {
                    EventStream.Event next = again.next();
                    if (next.name().equals("change")) {
                        slowSaw.add(changeOf(next));
                    }
                }
            }
            assertThat(slowSaw, equalTo(ids.stream().map(id -> "upsert " + id + " " + LONG_NAME).toList()));
        }
        assertThat(PrometheusMetrics.value("absencegroups_watch_closes_total", "reason=\"overflow\""), greaterThan(overflows));
    }

    /** Takes the change events waiting now (at least one). */
    private static void drainChanges(EventStream stream, Set<Long> saw) {
        EventStream.Event event = stream.next();
        do {
            if (event.name().equals("change")) {
                saw.add(json(event.data()).path("data").path("id").asLong());
            }
            event = stream.poll(java.time.Duration.ZERO);
        } while (event != null);
    }
}
