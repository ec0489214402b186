package io.absencegroups.cache;

/**
 * A consumer's cursor cannot be continued: it belongs to another log (another process, another
 * store), or it is older than the retained history (a delete after it was purged). The only safe
 * answer is "reload the list and follow from its cursor".
 */
public class CursorExpiredException extends RuntimeException {

    /** Why, in words a consumer can act on; says nothing about the store's internals. */
    public CursorExpiredException(String reason) {
        super(reason);
    }
}
