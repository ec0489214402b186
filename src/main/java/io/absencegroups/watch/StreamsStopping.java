package io.absencegroups.watch;

/** The service is stopping and opens no more streams; the consumer should come back after a while. */
final class StreamsStopping extends RuntimeException {

    StreamsStopping() {
        super("the service is stopping; reconnect in a few seconds", null, false, false);
    }
}
