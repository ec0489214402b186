package io.absencegroups.watch;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** Where one watcher's events go: one consumer's connection. Called only on the watcher's lane. */
interface StreamConnection {

    /**
     * Writes the events, in order, as one write. Completes once the connection has handed them to
     * the network, fails when the connection is gone; never blocks.
     */
    CompletionStage<?> send(List<WatchEvent> events);

    /** Ends the stream after what was already written. Nothing is sent after this. */
    void close();
}
