package io.absencegroups.watch;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A watcher's connection as a Quarkus REST SSE sink: each event is one write to the response. */
final class SseConnection implements StreamConnection {

    private final SseEventSink sink;
    private final Sse sse;
    private final EventText text;

    SseConnection(SseEventSink sink, Sse sse, EventText text) {
        this.sink = sink;
        this.sse = sse;
        this.text = text;
    }

    @Override
    public CompletionStage<?> send(WatchEvent event) {
        if (sink.isClosed()) {
            return CompletableFuture.failedStage(new Watcher.ConnectionGone());
        }
        // data as text: the JSON is made once per lane (EventText), never per watcher
        OutboundSseEvent.Builder builder = sse.newEventBuilder()
                .name(event.kind().eventName())
                .data(String.class, text.of(event));
        if (event.id() != null) {
            builder.id(event.id());
        }
        return sink.send(builder.build());
    }

    @Override
    public void close() {
        sink.close();
    }
}
