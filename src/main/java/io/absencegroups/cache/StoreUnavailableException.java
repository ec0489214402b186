package io.absencegroups.cache;

/**
 * The store cannot take changes now (a shared store is unreachable, or not loaded yet). Nothing
 * was applied; the sender should try again later (a delivery gets 503, and myProtime retries).
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String reason) {
        super(reason, null, false, false);
    }
}
