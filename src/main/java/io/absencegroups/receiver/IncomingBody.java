package io.absencegroups.receiver;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads one delivery's body on the event loop, chunk by chunk, within the size limit and the body
 * deadline, and hands it to the receiver when it is whole.
 * <p>
 * A body that arrives in one chunk is kept as that chunk (Vert.x hands out unpooled heap buffers),
 * so the usual delivery is not copied again. A body refused early (too large, not JSON, too slow)
 * is answered at once with {@code Connection: close}; what the client still sends is discarded,
 * up to one more limit's worth, so a client that writes its whole body before reading can still
 * read the answer. Past that, or when the request ends, the connection is closed.
 */
final class IncomingBody implements Handler<Buffer> {

    private final DeliveryReceiver receiver;
    private final RoutingContext ctx;
    private final HttpServerRequest request;
    private final long limit;
    private final long deadline;
    private final int expected;

    private Buffer first;
    private Buffer whole;
    private long size;

    private boolean refused;
    private boolean ended;
    private boolean answered;
    private boolean overflowing;
    private long discarded;

    IncomingBody(DeliveryReceiver receiver, RoutingContext ctx, long limit, long timeoutNanos, long declaredLength) {
        this.receiver = receiver;
        this.ctx = ctx;
        this.request = ctx.request();
        this.limit = limit;
        this.deadline = System.nanoTime() + timeoutNanos;
        this.expected = declaredLength > 0 ? (int) declaredLength : 0;
    }

    /** Starts reading the body. */
    void read() {
        listen();
        if (request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
            ctx.response().writeContinue();
        }
        request.resume();
    }

    /** Answers at once with {@code rejection}, without reading the body, then drains and closes. */
    void refuse(Rejection rejection, String reason) {
        listen();
        refuseNow(rejection, reason);
        request.resume();
    }

    private void listen() {
        request.handler(this);
        request.endHandler(v -> ended());
        // a client that goes away mid-body gets no answer; there is nothing to clean up
        request.exceptionHandler(e -> refused = true);
    }

    @Override
    public void handle(Buffer chunk) {
        if (refused) {
            discarded += chunk.length();
            if (discarded > limit) {
                overflowing = true;
                closeWhenDone();
            }
            return;
        }
        size += chunk.length();
        if (size > limit) {
            refuseNow(Rejection.TOO_LARGE, "the body passed " + limit + " bytes while it was read");
            return;
        }
        if (System.nanoTime() - deadline > 0) {
            refuseNow(Rejection.TOO_SLOW, "the body did not arrive whole in time");
            return;
        }
        if (whole != null) {
            whole.appendBuffer(chunk);
        } else if (first == null) {
            first = chunk;
        } else {
            // the second chunk: from here on the body is gathered in one buffer
            whole = Buffer.buffer((int) Math.min(Math.max(expected, 2L * size), limit));
            whole.appendBuffer(first).appendBuffer(chunk);
            first = null;
        }
    }

    private void ended() {
        ended = true;
        if (refused) {
            closeWhenDone();
            return;
        }
        receiver.received(ctx, whole != null ? whole : first);
    }

    private void refuseNow(Rejection rejection, String reason) {
        refused = true;
        first = null;
        whole = null;
        receiver.reject(ctx, rejection, reason, true).onComplete(written -> {
            answered = true;
            closeWhenDone();
        });
    }

    private void closeWhenDone() {
        // HTTP/2 multiplexes other requests on the connection: there only this stream ends
        if (answered && (ended || overflowing) && request.version() != HttpVersion.HTTP_2) {
            request.connection().close();
        }
    }
}
