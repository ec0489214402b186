package io.absencegroups.cache.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.ChangeWriter;
import io.vertx.mutiny.redis.client.Redis;

import java.time.Clock;

/**
 * The Redis backend of one pod: the writer every change goes through, and the replication that
 * keeps this pod's store a copy of the shared log. Built only when {@code protime.store.backend=redis}.
 */
public final class SharedStore {

    private final RedisKeys keys;
    private final LogReplica replica;
    private final RedisChangeWriter writer;

    public SharedStore(Redis redis, RedisConfig config, AbsenceGroupStore store, ObjectMapper mapper, Clock clock) {
        this.keys = RedisKeys.under(config.keyPrefix());
        LogEntries entries = new LogEntries(mapper, clock);
        this.replica = new LogReplica(redis, keys, store, entries, config, clock);
        this.writer = new RedisChangeWriter(new ApplyScript(redis, keys), store, replica, entries, config.applyTimeout());
    }

    public ChangeWriter writer() {
        return writer;
    }

    /** Starts loading and tailing the shared log; returns at once. */
    public void start() {
        replica.start();
    }

    public void stop() {
        replica.stop();
    }

    /** Told after this pod's copy started over because the shared log got a new epoch (Redis lost its data). */
    public void onReset(Runnable action) {
        replica.onReset(action);
    }

    /** Whether this pod's copy has loaded the shared log and follows it. */
    public boolean replicating() {
        return replica.tailing();
    }

    /** Why this pod's copy does not follow the shared log; null while it does. */
    public String problem() {
        return replica.problem();
    }

    /** Log entries this pod's copy is behind, as of its last check. */
    public long lag() {
        return replica.lag();
    }

    /** The key prefix, to tell operators where the data is. */
    public String keyPrefix() {
        return keys.state().substring(0, keys.state().lastIndexOf(':'));
    }
}
