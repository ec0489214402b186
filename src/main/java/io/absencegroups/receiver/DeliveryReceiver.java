package io.absencegroups.receiver;

import io.absencegroups.cache.ApplyResult;
import io.absencegroups.cache.Change;
import io.absencegroups.cache.ChangeWriter;
import io.absencegroups.cache.StoreUnavailableException;
import io.absencegroups.subscription.DeliveryActivity;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The receiver: takes every authentic delivery into the store and refuses everything else.
 * <p>
 * Runs on the event loop and never blocks: the body is read chunk by chunk (see
 * {@link IncomingBody}), the HMAC is computed over the raw bytes, the JSON is parsed from those
 * same bytes, and the changes go to the {@link ChangeWriter}: the local store's per-id
 * compare-and-set, or one script call to the shared store, answered asynchronously. Refusals, in order:
 * 413 (declared or read size over the limit), 415 (a Content-Type that is not JSON),
 * 408 (the body trickles past the deadline), 400 (empty body), 401 (no valid signature, in
 * enforce mode), 400 (not an accepted shape; nothing is applied), 503 with {@code Retry-After}
 * (the shared store could not take it; nothing is applied). All are problem+json.
 */
final class DeliveryReceiver implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(DeliveryReceiver.class);

    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

    /** What the receiver needs from the settings. */
    record Settings(long maxBodySize, Duration bodyTimeout, SignatureMode mode) {
    }

    private final Settings settings;
    private final long bodyTimeoutNanos;
    private final SignatureVerifier verifier;
    private final DeliveryParser parser;
    private final ChangeWriter writer;
    private final DeliveryMetrics metrics;
    private final DeliveryActivity activity;
    private final Clock clock;
    private final Refusals refusals;
    private final LogBudget reportLog;
    /** Header names already reported as carrying valid signatures, so each is logged once. */
    private final Set<String> announcedHeaders = ConcurrentHashMap.newKeySet();

    DeliveryReceiver(Settings settings, SignatureVerifier verifier, DeliveryParser parser, ChangeWriter writer,
                     DeliveryMetrics metrics, DeliveryActivity activity, Clock clock) {
        this.settings = settings;
        this.bodyTimeoutNanos = settings.bodyTimeout().toNanos();
        this.verifier = verifier;
        this.parser = parser;
        this.writer = writer;
        this.metrics = metrics;
        this.activity = activity;
        this.clock = clock;
        this.refusals = new Refusals(settings.maxBodySize(), settings.bodyTimeout(), metrics, clock);
        this.reportLog = new LogBudget(clock, Refusals.LOG_LIMIT_PER_MINUTE, Duration.ofMinutes(1));
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
            refusals.rejectMalformed(ctx, e.getMessage());
            return;
        }
        Context context = Vertx.currentContext();
        writer.applyAll(changes).whenComplete((results, failure) -> {
            if (context == null || context == Vertx.currentContext()) {
                answer(ctx, changes, results, failure);
            } else {
                // a shared store answers on its own threads: the HTTP answer goes back to the request's event loop
                context.runOnContext(ignored -> answer(ctx, changes, results, failure));
            }
        });
    }

    private void answer(RoutingContext ctx, List<Change> changes, List<ApplyResult> results, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof StoreUnavailableException unavailable) {
                refusals.rejectUnavailable(ctx, unavailable.getMessage());
            } else {
                failed(ctx, cause);
            }
            return;
        }
        int applied = 0;
        for (int i = 0; i < changes.size(); i++) {
            ApplyResult result = results.get(i);
            metrics.item(changes.get(i), result);
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
            refusals.rejectSignature(ctx, verdict, reason);
            return false;
        }
        long dropped = reportLog.admit();
        if (dropped != LogBudget.DROP) {
            LOG.infof("applying a webhook delivery from %s without a valid signature (signature-mode=report): %s%s",
                    Refusals.remote(ctx), reason, Refusals.droppedNote(dropped));
        }
        return true;
    }

    /** Refuses with the fixed answer of {@code rejection}. */
    Future<Void> reject(RoutingContext ctx, Rejection rejection, String reason, boolean closing) {
        return refusals.reject(ctx, rejection, reason, closing);
    }

    /** The route's failure handler: a status Vert.x failed the request with, or a 500 for an exception. */
    void failed(RoutingContext ctx) {
        refusals.failed(ctx);
    }

    /** Anything unexpected: a 500 that says nothing about the internals; the error is logged. */
    void failed(RoutingContext ctx, Throwable error) {
        refusals.failed(ctx, error);
    }
}
