package io.absencegroups.receiver;

import io.absencegroups.api.Problem;
import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.ApplyResult;
import io.absencegroups.cache.Change;
import io.absencegroups.subscription.DeliveryActivity;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The receiver: takes every authentic delivery into the store and refuses everything else.
 * <p>
 * Runs on the event loop and never blocks: the body is read chunk by chunk (see
 * {@link IncomingBody}), the HMAC is computed over the raw bytes, the JSON is parsed from those
 * same bytes, and the store's apply is a per-id compare-and-set. Refusals, in order:
 * 413 (declared or read size over the limit), 415 (a Content-Type that is not JSON),
 * 408 (the body trickles past the deadline), 400 (empty body), 401 (no valid signature, in
 * enforce mode), 400 (not an accepted shape; nothing is applied). All are problem+json.
 */
final class DeliveryReceiver implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(DeliveryReceiver.class);

    private static final CharSequence PROBLEM_JSON = HttpHeaders.createOptimized(Problem.MEDIA_TYPE);
    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
    private static final int LOG_LIMIT_PER_MINUTE = 10;

    /** What the receiver needs from the settings. */
    record Settings(long maxBodySize, Duration bodyTimeout, SignatureMode mode) {
    }

    private final Settings settings;
    private final long bodyTimeoutNanos;
    private final SignatureVerifier verifier;
    private final DeliveryParser parser;
    private final AbsenceGroupStore store;
    private final DeliveryMetrics metrics;
    private final DeliveryActivity activity;
    private final Clock clock;
    private final LogBudget rejectionLog;
    private final LogBudget reportLog;
    /** Header names already reported as carrying valid signatures, so each is logged once. */
    private final Set<String> announcedHeaders = ConcurrentHashMap.newKeySet();
    /** The fixed answers, serialised once. */
    private final Buffer[] problems = new Buffer[Rejection.values().length];
    private final Buffer missingSignature;

    DeliveryReceiver(Settings settings, SignatureVerifier verifier, DeliveryParser parser, AbsenceGroupStore store,
                     DeliveryMetrics metrics, DeliveryActivity activity, Clock clock) {
        this.settings = settings;
        this.bodyTimeoutNanos = settings.bodyTimeout().toNanos();
        this.verifier = verifier;
        this.parser = parser;
        this.store = store;
        this.metrics = metrics;
        this.activity = activity;
        this.clock = clock;
        this.rejectionLog = new LogBudget(clock, LOG_LIMIT_PER_MINUTE, Duration.ofMinutes(1));
        this.reportLog = new LogBudget(clock, LOG_LIMIT_PER_MINUTE, Duration.ofMinutes(1));
        problems[Rejection.TOO_LARGE.ordinal()] = problem(413,
                "a delivery may be at most " + settings.maxBodySize() + " bytes");
        problems[Rejection.NOT_JSON.ordinal()] = problem(415, "a delivery must be application/json");
        problems[Rejection.TOO_SLOW.ordinal()] = problem(408,
                "the body did not arrive whole within " + settings.bodyTimeout().toSeconds() + " s");
        problems[Rejection.EMPTY.ordinal()] = problem(400, "the delivery has an empty body");
        problems[Rejection.SIGNATURE.ordinal()] = problem(401,
                "the delivery's signature does not match: it must be an HMAC-SHA256 of the exact body bytes");
        missingSignature = problem(401, "the delivery carries no signature: an HMAC-SHA256 of the body, in hex or base64");
    }

    private static Buffer problem(int status, String detail) {
        return Buffer.buffer(Problem.of(status, detail).toJson());
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        long declared = declaredLength(request);
        IncomingBody body = new IncomingBody(this, ctx, settings.maxBodySize(), bodyTimeoutNanos, declared);
        if (declared > settings.maxBodySize()) {
            body.refuse(Rejection.TOO_LARGE, "it declares " + declared + " bytes");
        } else if (!JsonMediaType.accepts(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            body.refuse(Rejection.NOT_JSON, "its Content-Type is not JSON");
        } else if (request.isEnded()) {
            // a body handler on an earlier route read it already
            RequestBody read = ctx.body();
            received(ctx, read.available() ? read.buffer() : null);
        } else {
            body.read();
        }
    }

    private static long declaredLength(HttpServerRequest request) {
        String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1; // Netty refuses a malformed Content-Length before this runs
        }
    }

    /** The body is whole: check it, parse it, apply it, answer. */
    void received(RoutingContext ctx, Buffer body) {
        try {
            process(ctx, body);
        } catch (RuntimeException e) {
            // called from the request's end handler, outside the route's failure handling
            failed(ctx, e);
        }
    }

    private void process(RoutingContext ctx, Buffer body) {
        int length = body == null ? 0 : body.length();
        metrics.bodySize(length);
        if (length == 0) {
            reject(ctx, Rejection.EMPTY, "the body is empty", false);
            return;
        }
        byte[] bytes;
        int offset;
        ByteBuf raw = body.getByteBuf(); // a view, not a copy
        if (raw.hasArray()) {
            bytes = raw.array();
            offset = raw.arrayOffset() + raw.readerIndex();
        } else {
            bytes = body.getBytes();
            offset = 0;
        }
        if (settings.mode() != SignatureMode.OFF && !authentic(ctx, bytes, offset, length)) {
            return;
        }
        List<Change> changes;
        try {
            changes = parser.parse(bytes, offset, length);
        } catch (MalformedDeliveryException e) {
            reject(ctx, Rejection.MALFORMED, e.getMessage(), problem(400, e.getMessage()), false);
            return;
        }
        int applied = 0;
        for (Change change : changes) {
            ApplyResult result = store.apply(change);
            metrics.item(change, result);
            if (result == ApplyResult.APPLIED) {
                applied++;
            }
        }
        int ignored = changes.size() - applied;
        metrics.accepted(applied);
        activity.record(clock.instant());
        if (LOG.isDebugEnabled()) {
            LOG.debugf("delivery of %d item(s): %d applied, %d ignored as duplicate or stale", changes.size(), applied, ignored);
        }
        ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
                .end("{\"applied\":" + applied + ",\"ignored\":" + ignored + "}");
    }

    /** True when the delivery may be applied; otherwise it has been answered with 401. */
    private boolean authentic(RoutingContext ctx, byte[] bytes, int offset, int length) {
        Verdict verdict = verifier.verify(ctx.request().headers(), bytes, offset, length);
        if (verdict.valid()) {
            if (verifier.pinnedHeader() == null && announcedHeaders.add(verdict.header().toLowerCase(Locale.ROOT))) {
                LOG.infof("webhook deliveries are signed in header %s; set protime.webhook.signature-header=%s "
                        + "to check only that header", verdict.header(), verdict.header());
            }
            return true;
        }
        metrics.signatureFailure(settings.mode(), verdict);
        String reason = verdict.reason(verifier.pinnedHeader());
        if (settings.mode() == SignatureMode.ENFORCE) {
            Buffer answer = verdict.outcome() == Verdict.Outcome.MISSING
                    ? missingSignature
                    : problems[Rejection.SIGNATURE.ordinal()];
            reject(ctx, Rejection.SIGNATURE, reason, answer, false);
            return false;
        }
        long dropped = reportLog.admit();
        if (dropped != LogBudget.DROP) {
            LOG.infof("applying a webhook delivery from %s without a valid signature (signature-mode=report): %s%s",
                    remote(ctx), reason, droppedNote(dropped));
        }
        return true;
    }

    /** Refuses with the fixed answer of {@code rejection}. */
    Future<Void> reject(RoutingContext ctx, Rejection rejection, String reason, boolean closing) {
        return reject(ctx, rejection, reason, problems[rejection.ordinal()], closing);
    }

    private Future<Void> reject(RoutingContext ctx, Rejection rejection, String reason, Buffer answer, boolean closing) {
        metrics.rejected(rejection);
        long dropped = rejectionLog.admit();
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

    private static String remote(RoutingContext ctx) {
        SocketAddress address = ctx.request().remoteAddress();
        return address == null ? "an unknown address" : address.hostAddress();
    }

    private static String droppedNote(long dropped) {
        return dropped > 0 ? " (" + dropped + " similar messages were not logged since the last one)" : "";
    }
}
