package io.absencegroups.cache;

/** A changeVersion that is empty, too long or not hexadecimal. The message is safe to show to a client. */
public class MalformedChangeVersionException extends IllegalArgumentException {

    public MalformedChangeVersionException(String message) {
        super(message);
    }
}
