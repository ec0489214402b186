package io.absencegroups.upstream;

import io.vertx.core.VertxException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.io.IOException;
import java.util.function.Predicate;

/**
 * A failure that may pass if the same call is made again a little later: 5xx, 429, 408, a timeout,
 * or an I/O error. These are retried and count against the circuit breaker; everything else (400,
 * 401 after its one refresh, 403, 404, a malformed body, an open breaker) is not.
 */
public final class IsTransientFailure implements Predicate<Throwable> {

    public static final IsTransientFailure INSTANCE = new IsTransientFailure();

    private IsTransientFailure() {
    }

    @Override
    public boolean test(Throwable failure) {
        if (failure instanceof UpstreamException e) {
            return e.status() >= 500 || e.status() == 429 || e.status() == 408;
        }
        if (failure instanceof CircuitBreakerOpenException || failure instanceof MalformedUpstreamResponse) {
            return false;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof IOException || t instanceof VertxException) {
                return true;
            }
        }
        return false;
    }
}
