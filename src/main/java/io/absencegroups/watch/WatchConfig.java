package io.absencegroups.watch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The watch stream ({@code GET /absence-groups/changes} as Server-Sent Events). Each setting is
 * listed in docs/configuration.md.
 */
@ConfigMapping(prefix = "protime.watch")
public interface WatchConfig {

    /**
     * How often every open stream gets a {@code bookmark} event with its current cursor. It keeps
     * proxies and {@code quarkus.http.idle-timeout} from cutting an idle stream, and lets an idle
     * consumer resume without a 410. Keep it well below the idle timeout of everything in between.
     */
    @WithDefault("15s")
    Duration bookmarkInterval();

    /**
     * The most events one stream may have written to its connection and not yet flushed to the
     * network. A stream at this bound reads no further (the change log is the backlog); one that
     * stays at it while this many more changes arrive is too slow to follow: it gets an
     * {@code overflow} event and is closed, and resumes from its last id.
     */
    @WithDefault("256")
    int maxBufferedEvents();
}
