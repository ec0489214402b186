package io.absencegroups.cache;

import java.time.Duration;

/**
 * How much deleted history the store keeps.
 *
 * @param tombstoneMaxCount at most this many tombstones are kept; the oldest go first
 * @param tombstoneMaxAge   a tombstone older than this is purged; it only has to outlive redeliveries
 */
public record StoreLimits(int tombstoneMaxCount, Duration tombstoneMaxAge) {

    public StoreLimits {
        if (tombstoneMaxCount < 0) {
            throw new IllegalArgumentException("tombstoneMaxCount must not be negative");
        }
        if (tombstoneMaxAge.isNegative()) {
            throw new IllegalArgumentException("tombstoneMaxAge must not be negative");
        }
    }
}
