package io.absencegroups.upstream;

import io.vertx.core.VertxException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ConnectException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures are retried (transient) and which are left to a slower, human-paced retry (rejections). */
class FailureClassificationTest {

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504, 429, 408})
    void serverErrorsThrottlingAndRequestTimeoutsAreTransient(int status) {
        UpstreamException e = new UpstreamException(status, null, null);
        assertTrue(IsTransientFailure.INSTANCE.test(e));
        assertFalse(IsRejection.INSTANCE.test(e));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 410, 414})
    void otherClientErrorsAreRejectionsAndNotRetried(int status) {
        UpstreamException e = new UpstreamException(status, null, null);
        assertFalse(IsTransientFailure.INSTANCE.test(e));
        assertTrue(IsRejection.INSTANCE.test(e));
    }

    @Test
    void timeoutsAndIoErrorsAreTransient() {
        assertTrue(IsTransientFailure.INSTANCE.test(new TimeoutException("timed out")));
        assertTrue(IsTransientFailure.INSTANCE.test(new jakarta.ws.rs.ProcessingException(new ConnectException("refused"))));
        assertTrue(IsTransientFailure.INSTANCE.test(new VertxException("Connection was closed")));
    }

    @Test
    void anOpenBreakerAndAMalformedAnswerAreNotRetried() {
        assertFalse(IsTransientFailure.INSTANCE.test(new CircuitBreakerOpenException("open")));
        assertFalse(IsTransientFailure.INSTANCE.test(new MalformedUpstreamResponse("no key")));
        assertTrue(IsRejection.INSTANCE.test(new MalformedUpstreamResponse("no key")));
        assertFalse(IsTransientFailure.INSTANCE.test(new IllegalStateException("a bug")));
    }

    @Test
    void onlyA401IsUnauthorized() {
        assertTrue(IsUnauthorized.INSTANCE.test(new UpstreamException(401, null, null)));
        assertFalse(IsUnauthorized.INSTANCE.test(new UpstreamException(403, null, null)));
    }
}
