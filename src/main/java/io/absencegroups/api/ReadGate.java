package io.absencegroups.api;

import java.util.Optional;

/**
 * Whether the read API may answer from the store yet. Before the first full sync the store holds
 * nothing or a part, and a consumer would take an empty list for the truth, so the reads answer
 * 503 until then. Implemented where the subscription and the store's backend are known.
 */
public interface ReadGate {

    /** Why the reads cannot be served yet; empty once they can (and from then on). */
    Optional<String> closedBecause();

    /** The 503 to answer while {@link #closedBecause()} says why; the watch stream sends the same. */
    static Problem unavailable(String why) {
        return new Problem("urn:absence-groups-cache:not-synced", "Service Unavailable", 503,
                why + "; the groups are served once the first full sync has finished. Retry after "
                        + RETRY_AFTER_SECONDS + " s");
    }

    /** Seconds in the {@code Retry-After} of that 503. */
    int RETRY_AFTER_SECONDS = 5;
}
