package io.absencegroups.watch;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A watcher's connection: the HTTP response, chunked, written on its own event loop. The events of
 * one turn go out as one write, so a burst of changes costs each stream one write, not one a change.
 */
final class ResponseConnection implements StreamConnection {

    private final HttpServerResponse response;
    private final EventText text;

    ResponseConnection(HttpServerResponse response, EventText text) {
        this.response = response;
        this.text = text;
    }

    @Override
    public CompletionStage<?> send(List<WatchEvent> events) {
        if (response.closed() || response.ended()) {
            return CompletableFuture.failedStage(new Watcher.ConnectionGone());
        }
        Buffer frames = Buffer.buffer(events.size() * 256);
        for (WatchEvent event : events) {
            frames.appendBuffer(text.frame(event));
        }
        return response.write(frames)
                .recover(failure -> Future.failedFuture(response.closed() ? new Watcher.ConnectionGone() : failure))
                .toCompletionStage();
    }

    @Override
    public void close() {
        if (!response.closed() && !response.ended()) {
            response.end();
        }
    }
}
