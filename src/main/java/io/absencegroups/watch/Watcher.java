package io.absencegroups.watch;

import io.absencegroups.api.AbsenceGroupsResource;
import io.absencegroups.api.ChangeFeed;
import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.ChangeLog;
import io.absencegroups.cache.ChangesPage;
import io.absencegroups.cache.Cursor;
import io.absencegroups.cache.CursorExpiredException;
import io.absencegroups.cache.Stored;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One consumer's stream: reads the change log after its own cursor and writes what it reads to its
 * connection, as fast as the connection takes it.
 * <p>
 * The log is the backlog. A watcher holds a cursor, not a queue: it reads a page only when its
 * connection has room, so a consumer that is behind (a large initial state, a resume after a long
 * pause) costs a position in the log and at most {@code maxBuffered} events written to its
 * connection and not yet flushed. A consumer whose connection stays full while {@code maxBuffered}
 * more changes arrive cannot follow live; it gets {@code overflow} and is closed, and resumes from
 * its last id. Other watchers never wait for it.
 * <p>
 * No gap, no duplicate: the stream reads every log position at most once, in order. With
 * {@code initial}, the initial state is the live entries at positions up to the log's last position
 * when the stream opened; every change after that position is a newer entry, read live, deletes
 * included. The {@code bookmark} that ends the initial state carries that position.
 * <p>
 * Threading: every method runs on the watcher's lane (its connection's event loop), so the state
 * needs no lock. Nothing here blocks; a long backlog is written one page per turn of the loop, and
 * what one turn sends goes to the connection as one write.
 */
final class Watcher {

    /**
     * How a stream starts.
     *
     * @param after   resume after this cursor; null = from the oldest retained change (or the initial state)
     * @param initial first the current state, then a bookmark, then the changes after it
     * @param types   only groups of these types (a group that changes to another type arrives as a
     *                Delete: it left the filtered view); null = all
     */
    record Start(Cursor after, boolean initial, Set<String> types) {
    }

    /** Hears what every watcher sends and why it ended. Called on the watcher's lane. */
    interface Listener {
        void sent(WatchEvent.Kind kind);

        void closed(Watcher watcher, CloseReason reason);
    }

    private final AbsenceGroupStore store;
    private final ChangeLog log;
    private final String epoch;
    private final Start start;
    private final int maxBuffered;
    private final StreamConnection connection;
    private final Lane lane;
    private final Listener listener;

    /** Every change up to this log position was written to the connection or filtered out. */
    private long position;
    /** While the initial state is being sent: the log's last position when the stream opened; else -1. */
    private long initialEnd = -1;
    /** Events written to the connection and not yet flushed. */
    private int buffered;
    /** True while reading waits for the connection to drain. */
    private boolean stalled;
    /** The log's last position when the watcher stalled. */
    private long stalledAt;
    private boolean pumpScheduled;
    private boolean closed;
    /** Events of this turn, written together when it ends. */
    private final List<WatchEvent> batch = new ArrayList<>();

    Watcher(AbsenceGroupStore store, Start start, int maxBuffered, StreamConnection connection, Lane lane,
            Listener listener) {
        if (maxBuffered < 1) {
            throw new IllegalArgumentException("maxBuffered must be at least 1");
        }
        this.store = store;
        this.log = store.log();
        this.epoch = store.cursor().epoch();
        this.start = start;
        this.maxBuffered = maxBuffered;
        this.connection = connection;
        this.lane = lane;
        this.listener = listener;
    }

    /** Begins: the initial state or the changes after the start cursor, then live. */
    void start() {
        if (start.after() != null) {
            try {
                position = store.checked(start.after());
            } catch (CursorExpiredException e) {
                expire(e);
                return;
            }
        } else if (start.initial()) {
            initialEnd = log.last();
        }
        pump();
        flush();
    }

    /** The log may have moved. */
    void wake() {
        if (closed) {
            return;
        }
        if (stalled) {
            if (log.last() - stalledAt >= maxBuffered) {
                overflow();
            }
        } else if (!pumpScheduled) {
            pump();
        }
        flush();
    }

    /** The periodic bookmark: the cursor this consumer has everything up to. */
    void bookmark() {
        if (!closed && !stalled && initialEnd < 0) {
            send(WatchEvent.bookmark(cursor(), false));
            flush();
        }
    }

    /** The service stops: a last bookmark when the connection has room, then the end. */
    void stop() {
        bookmark();
        close(CloseReason.SHUTDOWN);
    }

    /** The consumer went away. */
    void disconnected() {
        close(CloseReason.CLIENT);
    }

    /** Where this stream stands: every change up to it was written or filtered out. */
    Cursor cursor() {
        return new Cursor(epoch, position);
    }

    boolean isClosed() {
        return closed;
    }

    private void pump() {
        pumpScheduled = false;
        if (closed) {
            return;
        }
        int room = maxBuffered - buffered;
        boolean more = room > 0 && (initialEnd >= 0 ? readInitial(room) : readLive(room));
        if (closed) {
            return;
        }
        if (buffered >= maxBuffered) {
            stall();
        } else if (more) {
            // one page per turn: the other streams on this event loop are served in between
            pumpScheduled = true;
            lane.execute(this::pumpTurn);
        }
    }

    private void pumpTurn() {
        pump();
        flush();
    }

    /** One page of the initial state; true when there is more to read. */
    private boolean readInitial(int room) {
        ChangeLog.Page page = log.after(position, room);
        boolean done = page.complete();
        for (Stored entry : page.entries()) {
            if (entry.position() > initialEnd) {
                done = true; // changed since the stream opened: read live, where deletes count too
                break;
            }
            position = entry.position();
            if (entry instanceof Stored.Live live && wanted(live)) {
                send(WatchEvent.change(cursor(), ChangeFeed.Item.of(live)));
            }
        }
        if (!done) {
            return true;
        }
        position = initialEnd;
        initialEnd = -1;
        send(WatchEvent.bookmark(cursor(), true));
        return true;
    }

    /** One page of changes; true when there is more to read. */
    private boolean readLive(int room) {
        ChangesPage page;
        try {
            page = store.changesAfter(cursor(), room);
        } catch (CursorExpiredException e) {
            expire(e);
            return false;
        }
        for (Stored entry : page.changes()) {
            position = entry.position();
            send(WatchEvent.change(cursor(), item(entry)));
        }
        position = Math.max(position, page.next().position());
        return !page.complete();
    }

    private boolean wanted(Stored.Live live) {
        // Set.of(...).contains(null) throws: a group without a type matches no type filter
        return start.types() == null || (live.group().type() != null && start.types().contains(live.group().type()));
    }

    /** The feed's item; with a type filter, a group now of another type has left the view: a Delete. */
    private ChangeFeed.Item item(Stored entry) {
        if (entry instanceof Stored.Live live && !wanted(live)) {
            return new ChangeFeed.Item("Delete", new ChangeFeed.Deleted(entry.id(), entry.changeVersion()));
        }
        return ChangeFeed.Item.of(entry);
    }

    private void send(WatchEvent event) {
        buffered++;
        listener.sent(event.kind());
        batch.add(event);
    }

    /** Writes this turn's events as one write. */
    private void flush() {
        if (batch.isEmpty()) {
            return;
        }
        List<WatchEvent> events = List.copyOf(batch);
        batch.clear();
        CompletionStage<?> written;
        try {
            written = connection.send(events);
        } catch (RuntimeException e) {
            written = CompletableFuture.failedStage(e);
        }
        written.whenComplete((ignored, failure) -> lane.execute(() -> written(events.size(), failure)));
    }

    private void written(int events, Throwable failure) {
        buffered -= events;
        if (closed) {
            return;
        }
        if (failure != null) {
            close(failure instanceof ConnectionGone ? CloseReason.CLIENT : CloseReason.FAILED);
        } else if (stalled && buffered <= maxBuffered / 2) {
            stalled = false;
            pump();
            flush();
        }
    }

    private void stall() {
        if (!stalled) {
            stalled = true;
            stalledAt = log.last();
        }
    }

    private void expire(CursorExpiredException e) {
        send(WatchEvent.expired(AbsenceGroupsResource.expired(e)));
        close(CloseReason.EXPIRED);
    }

    private void overflow() {
        Cursor resume = cursor();
        send(WatchEvent.overflow(resume, "this consumer read too slowly: " + maxBuffered
                + " events waited on its connection while as many changes more arrived; reconnect with Last-Event-ID "
                + resume.text() + " (or after=" + resume.text() + ")"));
        close(CloseReason.OVERFLOW);
    }

    private void close(CloseReason reason) {
        if (closed) {
            return;
        }
        closed = true;
        flush(); // an expired or overflow event, a last bookmark
        connection.close();
        lane.remove(this);
        listener.closed(this, reason);
    }

    /** A write failed because the connection is gone: the consumer left, nothing went wrong here. */
    static final class ConnectionGone extends RuntimeException {
        ConnectionGone() {
            super("the connection is closed", null, false, false);
        }
    }
}
