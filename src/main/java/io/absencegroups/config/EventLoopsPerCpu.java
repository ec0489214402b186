package io.absencegroups.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Map;

/**
 * One Vert.x event loop per CPU the JVM may use, instead of Vert.x's two. Nothing here blocks an
 * event loop, so one per CPU keeps every CPU busy. Two per CPU cost the redis backend dearly: a
 * delivery's work crosses from the event loop of its HTTP connection to the one the Redis client
 * answers on and back, and on a pod of one CPU the two loops then take turns on it, a thread switch
 * at each hand-over. The memory backend does as well with either (docs/redis.md, Benchmarks).
 * <p>
 * A config source of low ordinal (below {@code application.properties} and the environment), so an
 * explicit {@code quarkus.vertx.event-loops-pool-size} still wins. Registered in {@code META-INF/services}.
 * The CPU count is read when the configuration is built at start, so in a container it is the
 * container's (the JVM reads its CPU limit).
 */
public class EventLoopsPerCpu implements ConfigSourceFactory {

    static final String EVENT_LOOPS = "quarkus.vertx.event-loops-pool-size";
    private static final int ORDINAL = 150;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        return List.of(new PropertiesConfigSource(Map.of(EVENT_LOOPS, Integer.toString(cpus())),
                "one event loop per CPU", ORDINAL));
    }

    static int cpus() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
