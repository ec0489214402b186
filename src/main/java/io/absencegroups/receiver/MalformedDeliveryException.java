package io.absencegroups.receiver;

/**
 * A delivery whose JSON is not one of the accepted shapes, or holds an item that cannot be
 * applied. The message says what is wrong and is safe to show the sender; there is no stack trace,
 * as this is an expected answer to bad input.
 */
public class MalformedDeliveryException extends Exception {

    public MalformedDeliveryException(String message) {
        super(message, null, false, false);
    }
}
