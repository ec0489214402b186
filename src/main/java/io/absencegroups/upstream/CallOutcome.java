package io.absencegroups.upstream;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/** How one attempt of an upstream call ended: the {@code outcome} tag of {@code absencegroups.upstream.calls}. */
enum CallOutcome {
    SUCCESS("success"),
    UNAUTHORIZED("unauthorized"),
    THROTTLED("throttled"),
    REJECTED("rejected"),
    SERVER_ERROR("server_error"),
    TIMEOUT("timeout"),
    IO_ERROR("io_error"),
    MALFORMED("malformed"),
    ERROR("error");

    private final String tag;

    CallOutcome(String tag) {
        this.tag = tag;
    }

    String tag() {
        return tag;
    }

    static CallOutcome of(Throwable failure) {
        if (failure == null) {
            return SUCCESS;
        }
        if (failure instanceof UpstreamException e) {
            return e.status() == 401 ? UNAUTHORIZED
                    : e.status() == 429 ? THROTTLED
                    : e.status() >= 500 ? SERVER_ERROR
                    : REJECTED;
        }
        if (failure instanceof MalformedUpstreamResponse) {
            return MALFORMED;
        }
        if (failure instanceof TimeoutException) {
            return TIMEOUT;
        }
        return IsTransientFailure.INSTANCE.test(failure) ? IO_ERROR : ERROR;
    }
}
