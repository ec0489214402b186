package io.absencegroups.watch;

import java.util.Locale;

/** Why a stream ended; a metrics tag. */
enum CloseReason {
    /** The consumer went away. */
    CLIENT,
    /** The consumer read too slowly and was sent {@code overflow}. */
    OVERFLOW,
    /** The cursor could not be continued and the consumer was sent {@code expired}. */
    EXPIRED,
    /** The service is stopping. */
    SHUTDOWN,
    /** Writing to the connection failed. */
    FAILED;

    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
