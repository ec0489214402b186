package io.absencegroups.upstream;

import io.absencegroups.testing.LogCapture;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The breaker's state changes in the log: opening at WARN, half-open and closed at INFO, once each. */
class BreakerLogTest {

    private LogCapture captured;

    @BeforeEach
    void capture() {
        captured = LogCapture.of(BreakerLog.class.getName());
    }

    @AfterEach
    void release() {
        captured.close();
    }

    @Test
    void openingWarnsAndRecoveryInformsOncePerChange() {
        BreakerLog log = new BreakerLog(Duration.ofSeconds(30));

        log.accept(CircuitBreakerState.OPEN);
        log.accept(CircuitBreakerState.OPEN);
        log.accept(CircuitBreakerState.HALF_OPEN);
        log.accept(CircuitBreakerState.OPEN);
        log.accept(CircuitBreakerState.HALF_OPEN);
        log.accept(CircuitBreakerState.CLOSED);
        log.accept(CircuitBreakerState.CLOSED);

        assertEquals(List.of(Level.WARNING, Level.INFO, Level.WARNING, Level.INFO, Level.INFO),
                captured.records().stream().map(LogRecord::getLevel).map(BreakerLogTest::julLevel).toList());
        List<String> messages = captured.messages();
        assertTrue(messages.get(0).contains("OPEN (was CLOSED)") && messages.get(0).contains("PT30S"), messages.get(0));
        assertTrue(messages.get(2).contains("OPEN (was HALF_OPEN)"), messages.get(2));
        assertTrue(messages.get(4).contains("CLOSED: myProtime answers again"), messages.get(4));
    }

    @Test
    void aClosedBreakerThatStaysClosedSaysNothing() {
        new BreakerLog(Duration.ofSeconds(30)).accept(CircuitBreakerState.CLOSED);

        assertEquals(List.of(), captured.messages());
    }

    /** JBoss LogManager's levels, as the standard ones they stand for. */
    private static Level julLevel(Level level) {
        return level.intValue() >= Level.WARNING.intValue() ? Level.WARNING : Level.INFO;
    }
}
