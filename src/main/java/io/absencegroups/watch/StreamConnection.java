package io.absencegroups.watch;

import java.util.concurrent.CompletionStage;

/** Where one watcher's events go: one consumer's connection. Called only on the watcher's lane. */
interface StreamConnection {

    /**
     * Writes the event. Completes once the connection has handed it to the network, fails when the
     * connection is gone; never blocks.
     */
    CompletionStage<?> send(WatchEvent event);

    /** Ends the stream after what was already written. Nothing is sent after this. */
    void close();
}
