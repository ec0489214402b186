package io.absencegroups.cache.redis;

import io.absencegroups.cache.AbsenceGroupStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Keeps this pod's store a replica of the shared log: on start it reads the whole (compacted)
 * stream, then tails it with blocking reads on a connection of its own. Reads, the feed and the
 * watch stream then serve from memory, and cursors are the shared log's positions, the same on
 * every pod. Entries go in through {@link ReplicaFeed}, which also takes this pod's own changes
 * from its script answers; the tail then skips them without decoding them.
 * <p>
 * With each read it also reads the purge horizon ({@link PurgeScript}) and drops the purged
 * tombstones first, or reloads when it had not read them yet.
 * <p>
 * Between reads it checks the log's epoch. When Redis lost its data (a restart without
 * persistence), the epoch is gone: the first pod to notice draws a new one, every replica starts
 * over, and consumers' cursors expire (410: reload the list). The subscription's owner then runs
 * a full sync into the new log.
 * <p>
 * Any failure closes the connection and tries again after {@code retry-delay}; it never ends
 * the process. Until it has caught up again, {@link #tailing()} is false and readiness says so.
 */
final class LogReplica {

    private static final Logger LOG = Logger.getLogger(LogReplica.class);

    private final Redis redis;
    private final RedisKeys keys;
    private final AbsenceGroupStore store;
    private final ReplicaFeed feed;
    private final LogEntries entries;
    private final RedisConfig config;
    private final Clock clock;

    private volatile boolean running;
    private volatile boolean tailing;
    private volatile String problem = "not connected yet";
    private volatile long sharedPosition;
    private volatile Instant checkedAt = Instant.EPOCH;
    private volatile Runnable onReset = () -> { };
    private RedisConnection connection;

    LogReplica(Redis redis, RedisKeys keys, AbsenceGroupStore store, LogEntries entries, RedisConfig config, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.store = store;
        this.feed = new ReplicaFeed(store);
        this.entries = entries;
        this.config = config;
        this.clock = clock;
    }

    /** Told when the shared log got a new epoch (its data was lost), after this replica started over. */
    void onReset(Runnable action) {
        this.onReset = action;
    }

    void start() {
        running = true;
        cycle();
    }

    void stop() {
        running = false;
        tailing = false;
        closeConnection();
    }

    /** Whether the replica has read the whole log and follows it now. */
    boolean tailing() {
        return tailing;
    }

    /** Why it is not tailing; null while it is. */
    String problem() {
        return problem;
    }

    /** Where this pod's own script answers go, so that its replica shows them before the tail brings them. */
    ReplicaFeed feed() {
        return feed;
    }

    /** Log entries this replica is behind the shared log, as of its last check. */
    long lag() {
        return Math.max(0, sharedPosition - store.position());
    }

    private void cycle() {
        if (!running) {
            return;
        }
        redis.connect()
                .invoke(c -> connection = c)
                .chain(c -> checkEpoch(c).replaceWith(c))
                .chain(this::load)
                .subscribe().with(c -> {
                    tailing = true;
                    problem = null;
                    LOG.infof("log replica loaded up to position %d of epoch %s; tailing", store.position(), store.epoch());
                    tail(c);
                }, this::failed);
    }

    /** Reads the stream from this replica's position to its end, a batch at a time. */
    private Uni<RedisConnection> load(RedisConnection c) {
        long from = store.position();
        Request range = Request.cmd(Command.XRANGE).arg(keys.log()).arg(from == 0 ? "-" : "(0-" + from).arg("+")
                .arg("COUNT").arg(config.readBatch());
        return withHorizon(c, range).chain(batch -> {
            int read = replicate(batch);
            return read < config.readBatch() ? Uni.createFrom().item(c) : load(c);
        });
    }

    /**
     * Sends a read of the stream and, behind it on the same connection, a read of the purge
     * horizon. Redis runs them in that order, so the horizon covers every tombstone purged before
     * the read ran, which the read then skipped. It is followed before the read's entries are
     * applied: a consumer of this pod never passes a purged delete without its cursor expiring.
     * <p>
     * When the purge reached past where this copy had read, it may have skipped the delete of a
     * group it holds live, and nothing tells which: it starts over from an empty copy, as a new
     * pod does. Purges take old tombstones only, so that is a copy that was far behind anyway.
     */
    private Uni<Response> withHorizon(RedisConnection c, Request read) {
        long before = store.position();
        return c.batch(List.of(read, Request.cmd(Command.GET).arg(keys.horizon()))).map(answers -> {
            long horizon = answers.get(1) == null ? 0 : answers.get(1).toLong();
            if (horizon > store.log().horizon()) {
                if (horizon > before && before > 0) {
                    feed.reset(store.epoch());
                    throw new IllegalStateException("deletes this pod had not read yet were purged from the shared log "
                            + "(up to position " + horizon + "); this pod reloads it");
                }
                feed.purgeUpTo(horizon);
            }
            return answers.get(0);
        });
    }

    private void tail(RedisConnection c) {
        if (!running) {
            return;
        }
        Request read = Request.cmd(Command.XREAD).arg("COUNT").arg(config.readBatch())
                .arg("BLOCK").arg(config.blockFor().toMillis())
                .arg("STREAMS").arg(keys.log()).arg("0-" + store.position());
        withHorizon(c, read)
                .invoke(this::replicateStreams)
                .chain(ignored -> dueForCheck() ? checkEpoch(c) : Uni.createFrom().voidItem())
                .subscribe().with(ignored -> tail(c), this::failed);
    }

    private boolean dueForCheck() {
        return Duration.between(checkedAt, clock.instant()).compareTo(config.blockFor()) >= 0;
    }

    /**
     * Makes sure the shared log has an epoch (drawing one if Redis has none), notes how far the
     * shared log is, and starts over when its epoch is not this replica's.
     */
    private Uni<Void> checkEpoch(RedisConnection c) {
        String candidate = String.format("%016x", new SecureRandom().nextLong());
        return c.send(Request.cmd(Command.SET).arg(keys.epoch()).arg(candidate).arg("NX"))
                .chain(ignored -> c.send(Request.cmd(Command.MGET).arg(keys.epoch()).arg(keys.seq())))
                .invoke(answer -> {
                    checkedAt = clock.instant();
                    String epoch = answer.get(0).toString();
                    Response seq = answer.get(1);
                    sharedPosition = seq == null ? 0 : seq.toLong();
                    if (!epoch.equals(store.epoch())) {
                        boolean hadData = store.position() > 0;
                        feed.reset(epoch);
                        if (hadData) {
                            LOG.warnf("the shared log has a new epoch %s (Redis lost its data?): this replica starts over", epoch);
                            onReset.run();
                        }
                    }
                })
                .replaceWithVoid();
    }

    private void replicateStreams(Response streams) {
        if (streams == null || streams.size() == 0) {
            return; // the block timed out: nothing new
        }
        // RESP3 answers a map of stream -> entries, RESP2 an array of [stream, entries]
        Response batch = streams.containsKey(keys.log()) ? streams.get(keys.log()) : streams.get(0).get(1);
        replicate(batch);
    }

    private int replicate(Response batch) {
        if (batch == null) {
            return 0;
        }
        for (Response entry : batch) {
            // decoded only when this pod does not hold it already (its own changes, from the script's answer)
            feed.fromLog(LogEntries.position(entry.get(0).toString()), () -> entries.read(entry));
        }
        return batch.size();
    }

    private void failed(Throwable failure) {
        tailing = false;
        problem = "Redis: " + describe(failure);
        closeConnection();
        if (running) {
            LOG.warnf("log replica stopped (%s); connecting again in %d ms", problem, config.retryDelay().toMillis());
            Uni.createFrom().voidItem().onItem().delayIt().by(config.retryDelay())
                    .subscribe().with(ignored -> cycle());
        }
    }

    private void closeConnection() {
        RedisConnection c = connection;
        connection = null;
        if (c != null) {
            c.close().subscribe().with(ignored -> { }, ignored -> { });
        }
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
