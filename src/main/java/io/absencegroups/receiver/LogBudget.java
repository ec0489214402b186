package io.absencegroups.receiver;

import java.time.Clock;
import java.time.Duration;

/**
 * Lets at most {@code limit} messages through per window and counts the rest, so a flood of bad
 * requests cannot fill the disk, and the next message that gets through can say how many were
 * dropped. The count is reported lazily, with that next message: no timer runs for it.
 */
final class LogBudget {

    /** Returned by {@link #admit()} when the message must be dropped. */
    static final long DROP = -1;

    private final Clock clock;
    private final int limit;
    private final long windowMillis;

    private long windowStart = Long.MIN_VALUE;
    private int used;
    private long dropped;

    LogBudget(Clock clock, int limit, Duration window) {
        this.clock = clock;
        this.limit = limit;
        this.windowMillis = window.toMillis();
    }

    /**
     * Asks to log one message.
     *
     * @return {@link #DROP} when the budget of this window is spent; otherwise how many messages
     * were dropped since the last one that got through (usually 0)
     */
    synchronized long admit() {
        long now = clock.millis();
        if (windowStart == Long.MIN_VALUE || now - windowStart >= windowMillis) {
            windowStart = now;
            used = 0;
        }
        if (used >= limit) {
            dropped++;
            return DROP;
        }
        used++;
        long report = dropped;
        dropped = 0;
        return report;
    }
}
