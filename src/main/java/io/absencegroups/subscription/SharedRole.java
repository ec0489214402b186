package io.absencegroups.subscription;

import java.util.Map;
import java.util.Optional;

/**
 * With a shared store, this pod's part in it (which pod owns the subscription, the lease, this pod's
 * replication lag), for {@code /subscription}. Implemented where the sharing is; empty with the
 * memory backend.
 */
public interface SharedRole {

    Optional<Map<String, Object>> describe();
}
