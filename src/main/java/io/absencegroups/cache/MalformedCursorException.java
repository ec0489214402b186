package io.absencegroups.cache;

/** A cursor that this service did not hand out: a client error, never a server one. */
public class MalformedCursorException extends IllegalArgumentException {

    public MalformedCursorException(String message) {
        super(message);
    }
}
