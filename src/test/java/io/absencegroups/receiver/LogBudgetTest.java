package io.absencegroups.receiver;

import io.absencegroups.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogBudgetTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
    private final LogBudget budget = new LogBudget(clock, 3, Duration.ofMinutes(1));

    @Test
    void theFirstMessagesOfAWindowGetThrough() {
        assertEquals(0, budget.admit());
        assertEquals(0, budget.admit());
        assertEquals(0, budget.admit());
    }

    @Test
    void pastTheLimitMessagesAreDroppedUntilTheWindowEnds() {
        for (int i = 0; i < 3; i++) {
            budget.admit();
        }
        assertEquals(LogBudget.DROP, budget.admit());
        clock.advance(Duration.ofSeconds(59));
        assertEquals(LogBudget.DROP, budget.admit());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(2, budget.admit(), "the first message of the next window tells how many were dropped");
        assertEquals(0, budget.admit(), "and the count starts again");
    }

    @Test
    void aFloodIsBoundedPerWindow() {
        int admitted = 0;
        for (int i = 0; i < 10_000; i++) {
            if (budget.admit() != LogBudget.DROP) {
                admitted++;
            }
        }
        assertEquals(3, admitted);
        clock.advance(Duration.ofMinutes(1));
        assertEquals(9_997, budget.admit());
    }
}
