package io.absencegroups.upstream;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The breaker's state changes in the log: opening at WARN, half-open and closed at INFO, once each. */
class BreakerLogTest {

    private final Logger logger = Logger.getLogger(BreakerLog.class.getName());
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void capture() {
        logger.addHandler(capture);
    }

    @AfterEach
    void release() {
        logger.removeHandler(capture);
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
                records.stream().map(LogRecord::getLevel).map(BreakerLogTest::julLevel).toList());
        List<String> messages = records.stream().map(LogRecord::getMessage).toList();
        assertTrue(messages.get(0).contains("OPEN (was CLOSED)") && messages.get(0).contains("PT30S"), messages.get(0));
        assertTrue(messages.get(2).contains("OPEN (was HALF_OPEN)"), messages.get(2));
        assertTrue(messages.get(4).contains("CLOSED: myProtime answers again"), messages.get(4));
    }

    @Test
    void aClosedBreakerThatStaysClosedSaysNothing() {
        new BreakerLog(Duration.ofSeconds(30)).accept(CircuitBreakerState.CLOSED);

        assertEquals(List.of(), records);
    }

    /** JBoss LogManager's levels, as the standard ones they stand for. */
    private static Level julLevel(Level level) {
        return level.intValue() >= Level.WARNING.intValue() ? Level.WARNING : Level.INFO;
    }
}
