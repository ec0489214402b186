package io.absencegroups.upstream;

import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.util.Optional;

/**
 * myProtime answered a call with an error status. The message holds the status and myProtime's own
 * error code and message (never a token or key), so it can be logged and shown on {@code /subscription}.
 */
public class UpstreamException extends RuntimeException {

    private final int status;
    private final transient Duration retryAfter;
    private final String upstreamError;

    public UpstreamException(int status, Duration retryAfter, String upstreamError) {
        super(describe(status, upstreamError), null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
        this.upstreamError = upstreamError;
    }

    private static String describe(int status, String upstreamError) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String text = "myProtime answered " + status + (known != null ? " " + known.getReasonPhrase() : "");
        return upstreamError == null ? text : text + ": " + upstreamError;
    }

    public int status() {
        return status;
    }

    /** What a 429 or 503 asked for in {@code Retry-After}, if anything. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** myProtime's error code and message, or its validation errors, in one line; null when the body had none. */
    public String upstreamError() {
        return upstreamError;
    }
}
