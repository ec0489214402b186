package io.absencegroups.cache.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.ChangeWriter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The Redis backend of one pod: the writer every change goes through, and the replication that
 * keeps this pod's store a copy of the shared log. Built only when {@code protime.store.backend=redis}.
 */
public final class SharedStore {

    private static final Logger LOG = Logger.getLogger(SharedStore.class);

    private final Redis redis;
    private final RedisKeys keys;
    private final LogReplica replica;
    private final RedisChangeWriter writer;
    private final PurgeScript purge;
    private final AbsenceGroupStore store;
    private final Deadlines deadlines;
    private final LoopClients loops;
    private volatile Cancellable sweeps;

    /**
     * @param loopOptions the application client's options, to make a client per event loop for the
     *                    apply script ({@link LoopClients}); null to send everything through {@code redis}
     */
    public SharedStore(Redis redis, Vertx vertx, RedisOptions loopOptions, RedisConfig config, AbsenceGroupStore store,
                       ObjectMapper mapper, Clock clock) {
        this.redis = redis;
        this.keys = RedisKeys.under(config.keyPrefix());
        LogEntries entries = new LogEntries(mapper, clock);
        this.replica = new LogReplica(redis, keys, store, entries, config, clock);
        // real, monotonic time, as the timers it replaces used: the application's clock may be a test's that stands still
        this.deadlines = new Deadlines(config.applyTimeout(), Deadlines.MONOTONIC);
        this.loops = loopOptions == null ? null : new LoopClients(vertx, loopOptions);
        this.writer = new RedisChangeWriter(new ApplyScript(redis, keys), loops, store, replica, entries, deadlines);
        this.purge = new PurgeScript(redis, keys);
        this.store = store;
    }

    /**
     * Purges the oldest tombstones from the shared store, beyond {@code maxCount} or older than
     * {@code maxAge}; every replica follows with its next read. Completes with how many went (0 when
     * this pod's copy is of another epoch: it reloads first).
     */
    public Uni<Long> purgeTombstones(int maxCount, Duration maxAge) {
        return purge.run(store.epoch(), maxCount, maxAge)
                .map(answer -> answer[0] == PurgeScript.EPOCH_CHANGED ? 0L : answer[0]);
    }

    public ChangeWriter writer() {
        return writer;
    }

    /** Starts loading and tailing the shared log; returns at once. */
    public void start() {
        replica.start();
        sweeps = Multi.createFrom().ticks().every(sweepEvery(deadlines.allowance()))
                .subscribe().with(tick -> sweep());
    }

    /** A failure here must not end the sweeps: a delivery that Redis never answers would then wait for ever. */
    private void sweep() {
        try {
            deadlines.sweep();
        } catch (RuntimeException e) {
            LOG.warnf("a timed-out wait for Redis failed to end: %s", LogReplica.describe(e));
        }
    }

    public void stop() {
        Cancellable s = sweeps;
        if (s != null) {
            s.cancel();
        }
        replica.stop();
        if (loops != null) {
            loops.close();
        }
    }

    /** A tenth of the apply timeout, within 10 ms and 500 ms: a wait expires at most that late. */
    static Duration sweepEvery(Duration applyTimeout) {
        long millis = Math.max(10, Math.min(500, applyTimeout.toMillis() / 10));
        return Duration.ofMillis(millis);
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

    /** The lease that decides which pod owns the subscription. */
    public OwnerLease lease(String holder, Duration ttl, Clock clock, OwnerLease.Listener listener) {
        return new OwnerLease(new RedisLeaseStore(redis, keys.lease()), holder, ttl, clock, listener);
    }

    /** Writes the subscription's record (the owner does, field by field). */
    public Uni<Void> writeRecord(Map<String, String> fields) {
        Request hset = Request.cmd(Command.HSET).arg(keys.webhook());
        fields.forEach((name, value) -> hset.arg(name).arg(value));
        return redis.send(hset).replaceWithVoid();
    }

    /** Reads the subscription's record; empty before any owner wrote one. */
    public Uni<Map<String, String>> readRecord() {
        return redis.send(Request.cmd(Command.HGETALL).arg(keys.webhook())).map(answer -> {
            Map<String, String> fields = new HashMap<>();
            if (answer == null || answer.size() == 0) {
                return fields;
            }
            // RESP3 answers a map, RESP2 a flat array of name, value, ...
            java.util.Set<String> names;
            try {
                names = answer.getKeys();
            } catch (UnsupportedOperationException flat) {
                names = java.util.Set.of();
            }
            if (!names.isEmpty()) {
                for (String name : names) {
                    fields.put(name, answer.get(name).toString());
                }
            } else {
                for (int i = 0; i + 1 < answer.size(); i += 2) {
                    fields.put(answer.get(i).toString(), answer.get(i + 1).toString());
                }
            }
            return fields;
        });
    }

    /** Event loops that made a client of their own for the apply script (0 when all go through one client). */
    int loopClients() {
        return loops == null ? 0 : loops.size();
    }

    /** The key prefix, to tell operators where the data is. */
    public String keyPrefix() {
        return keys.state().substring(0, keys.state().lastIndexOf(':'));
    }
}
