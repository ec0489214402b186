package io.absencegroups.cache;

/**
 * A consumer asked for the changes after a version that is older than the retained history:
 * some delete after it has been purged, so the only safe answer is "reload everything".
 */
public class HistoryExpiredException extends RuntimeException {

    private final transient ChangeVersion oldestRetained;

    public HistoryExpiredException(ChangeVersion after, ChangeVersion horizon) {
        super("changes after " + after + " are no longer retained; history is complete only after " + horizon);
        this.oldestRetained = horizon;
    }

    /** Changes after this version are complete. */
    public ChangeVersion horizon() {
        return oldestRetained;
    }
}
