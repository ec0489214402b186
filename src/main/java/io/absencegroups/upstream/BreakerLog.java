package io.absencegroups.upstream;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Logs the circuit breaker in front of myProtime changing state, once per change: opening at WARN (calls to
 * myProtime fail fast now), half-open and closed at INFO (it is tried again, it answers again).
 */
final class BreakerLog implements Consumer<CircuitBreakerState> {

    private static final Logger LOG = Logger.getLogger(BreakerLog.class);

    private final Duration delay;
    private CircuitBreakerState last = CircuitBreakerState.CLOSED;

    /** @param delay how long the breaker stays open before it lets a trial call through */
    BreakerLog(Duration delay) {
        this.delay = delay;
    }

    @Override
    public synchronized void accept(CircuitBreakerState state) {
        if (state == last) {
            return;
        }
        CircuitBreakerState previous = last;
        last = state;
        switch (state) {
            case OPEN -> LOG.warnf("circuit breaker to myProtime is OPEN (was %s): too many calls failed; calls fail at once"
                    + " for %s, then one is tried (protime.upstream.circuit-breaker.*)", previous, delay);
            case HALF_OPEN -> LOG.infof("circuit breaker to myProtime is HALF_OPEN: trying myProtime again");
            case CLOSED -> LOG.infof("circuit breaker to myProtime is CLOSED: myProtime answers again");
        }
    }
}
