package io.absencegroups.sync;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The full sync that makes the store complete, and its periodic reconcile ({@code protime.sync.*}).
 */
@ConfigMapping(prefix = "protime.sync")
public interface SyncConfig {

    /** How often a full sync runs on its own to reconcile groups that vanished upstream. */
    @WithDefault("1h")
    Duration reconcileInterval();

    /** A listing with more pages than this is abandoned as broken (a nextLink loop). */
    @WithDefault("10000")
    int maxPages();
}
