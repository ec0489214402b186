package io.absencegroups.receiver;

import io.absencegroups.api.Problem;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;

/**
 * How the receiver says no: a problem+json answer (the fixed ones serialised once), the rejection counted,
 * and a log line per refusal, at most {@value #LOG_LIMIT_PER_MINUTE} a minute; and a 500 that says nothing
 * about the internals for anything unexpected. Runs on the event loop like the receiver.
 */
final class Refusals {

    // the receiver's log category, where operators look for refusals
    private static final Logger LOG = Logger.getLogger(DeliveryReceiver.class);

    static final int LOG_LIMIT_PER_MINUTE = 10;
    /** What a 503 asks the sender to wait: a short outage of the shared store is over by then, or nearly. */
    private static final String RETRY_AFTER_SECONDS = "5";
    private static final CharSequence PROBLEM_JSON = HttpHeaders.createOptimized(Problem.MEDIA_TYPE);

    private final DeliveryMetrics metrics;
    private final LogBudget log;
    private final Buffer[] answers = new Buffer[Rejection.values().length];
    private final Buffer missingSignature;

    Refusals(long maxBodySize, Duration bodyTimeout, DeliveryMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.log = new LogBudget(clock, LOG_LIMIT_PER_MINUTE, Duration.ofMinutes(1));
        answers[Rejection.TOO_LARGE.ordinal()] = problem(413, "a delivery may be at most " + maxBodySize + " bytes");
        answers[Rejection.NOT_JSON.ordinal()] = problem(415, "a delivery must be application/json");
        answers[Rejection.TOO_SLOW.ordinal()] = problem(408,
                "the body did not arrive whole within " + bodyTimeout.toSeconds() + " s");
        answers[Rejection.EMPTY.ordinal()] = problem(400, "the delivery has an empty body");
        answers[Rejection.SIGNATURE.ordinal()] = problem(401,
                "the delivery's signature does not match: it must be an HMAC-SHA256 of the exact body bytes");
        answers[Rejection.STORE_UNAVAILABLE.ordinal()] = problem(503,
                "the store cannot take deliveries right now; nothing was applied, send it again later");
        missingSignature = problem(401, "the delivery carries no signature: an HMAC-SHA256 of the body, in hex or base64");
    }

    private static Buffer problem(int status, String detail) {
        return Buffer.buffer(Problem.of(status, detail).toJson());
    }

    /** Refuses with the fixed answer of {@code rejection}; {@code reason} goes to the log only. */
    Future<Void> reject(RoutingContext ctx, Rejection rejection, String reason, boolean closing) {
        return reject(ctx, rejection, reason, answers[rejection.ordinal()], closing);
    }

    /** A 401 for a delivery without a valid signature. */
    void rejectSignature(RoutingContext ctx, Verdict verdict, String reason) {
        reject(ctx, Rejection.SIGNATURE, reason,
                verdict.outcome() == Verdict.Outcome.MISSING ? missingSignature : answers[Rejection.SIGNATURE.ordinal()], false);
    }

    /**
     * A 503 with {@code Retry-After}: the store could not take the delivery, so nothing of it was
     * applied, and myProtime's retry will bring it again.
     */
    void rejectUnavailable(RoutingContext ctx, String reason) {
        if (!ctx.response().ended() && !ctx.response().closed()) {
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        reject(ctx, Rejection.STORE_UNAVAILABLE, reason, answers[Rejection.STORE_UNAVAILABLE.ordinal()], false);
    }

    /** A 400 that tells the sender what is wrong with the delivery. */
    void rejectMalformed(RoutingContext ctx, String detail) {
        reject(ctx, Rejection.MALFORMED, detail, problem(400, detail), false);
    }

    private Future<Void> reject(RoutingContext ctx, Rejection rejection, String reason, Buffer answer, boolean closing) {
        metrics.rejected(rejection);
        long dropped = log.admit();
        if (dropped != LogBudget.DROP) {
            LOG.infof("refused a webhook delivery from %s with %d: %s%s",
                    remote(ctx), rejection.status, reason, droppedNote(dropped));
        }
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return Future.succeededFuture();
        }
        response.setStatusCode(rejection.status).putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON);
        if (closing) {
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        return response.end(answer);
    }

    /** The route's failure handler: a status Vert.x failed the request with, or a 500 for an exception. */
    void failed(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (ctx.failure() == null && status >= 400 && status < 500) {
            answer(ctx, status, Problem.of(status, null).title());
        } else {
            failed(ctx, ctx.failure());
        }
    }

    /** Anything unexpected: a 500 that says nothing about the internals; the error is logged. */
    void failed(RoutingContext ctx, Throwable error) {
        LOG.error("unexpected error while receiving a webhook delivery", error);
        answer(ctx, 500, "the service failed to handle this delivery; the error is logged");
    }

    private static void answer(RoutingContext ctx, int status, String detail) {
        HttpServerResponse response = ctx.response();
        if (!response.ended() && !response.closed()) {
            response.setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON)
                    .end(Problem.of(status, detail).toJson());
        }
    }

    static String remote(RoutingContext ctx) {
        SocketAddress address = ctx.request().remoteAddress();
        return address == null ? "an unknown address" : address.hostAddress();
    }

    static String droppedNote(long dropped) {
        return dropped > 0 ? " (" + dropped + " similar messages were not logged since the last one)" : "";
    }
}
