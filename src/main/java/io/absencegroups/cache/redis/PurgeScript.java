package io.absencegroups.cache.redis;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;

import java.time.Duration;

/**
 * Purges the shared store's oldest tombstones, as the memory store purges its own: beyond
 * {@code maxCount}, or older than {@code maxAge} by Redis's clock. One atomic script: each purged
 * id leaves the state and the stream, and the horizon key rises to the greatest purged position,
 * so every replica, which reads the horizon with each read of the stream, drops the same
 * tombstones and expires the cursors before them (410: reload the list).
 * <p>
 * The set is scored by time and positions grow with time, so what goes is the oldest positions
 * first; a tombstone that a clock step left at a lower position than a purged one stays until its
 * own turn, which is harmless (a replica drops its copy a little early: a cursor before the
 * horizon has expired anyway). Any pod may run it; two runs at once are two atomic steps.
 */
final class PurgeScript {

    /** Answer of the script when the shared log has another epoch than the caller's. */
    static final long EPOCH_CHANGED = -1;

    static final String LUA = """
            redis.replicate_commands()
            if redis.call('GET', KEYS[5]) ~= ARGV[1] then return {-1, 0} end
            local limit = tonumber(ARGV[4])
            local over = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[2])
            local victims = {}
            if over > 0 then victims = redis.call('ZRANGE', KEYS[3], 0, math.min(over, limit) - 1) end
            local time = redis.call('TIME')
            local cutoff = time[1] * 1000 + math.floor(time[2] / 1000) - tonumber(ARGV[3])
            local aged = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', '(' .. cutoff, 'LIMIT', 0, limit)
            -- both are the oldest first: the longer one holds the other
            if #aged > #victims then victims = aged end
            local horizon = tonumber(redis.call('GET', KEYS[4]) or '0')
            local purged = 0
            for _, id in ipairs(victims) do
              redis.call('ZREM', KEYS[3], id)
              local cur = redis.call('HGET', KEYS[1], id)
              if cur then
                local a = string.find(cur, '|', 1, true)
                local b = string.find(cur, '|', a + 1, true)
                local pos = tonumber(string.sub(cur, a + 1, b - 1))
                if string.sub(cur, b + 1, b + 1) == 'T' then
                  redis.call('XDEL', KEYS[2], '0-' .. pos)
                  redis.call('HDEL', KEYS[1], id)
                  if pos > horizon then horizon = pos end
                  purged = purged + 1
                end
              end
            end
            if purged > 0 then redis.call('SET', KEYS[4], horizon) end
            return {purged, horizon}
            """;

    /** Tombstones one run purges at most: Redis runs nothing else while a script runs. */
    static final int PER_RUN = 1000;

    private final Redis redis;
    private final RedisKeys keys;

    PurgeScript(Redis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /**
     * Purges up to {@link #PER_RUN} tombstones; answers {purged, horizon}, or {@link #EPOCH_CHANGED}
     * first when the shared log is not of {@code epoch}.
     */
    Uni<long[]> run(String epoch, int maxCount, Duration maxAge) {
        Request eval = Request.cmd(Command.EVAL).arg(LUA).arg(5)
                .arg(keys.state()).arg(keys.log()).arg(keys.tombstones()).arg(keys.horizon()).arg(keys.epoch())
                .arg(epoch).arg(maxCount).arg(maxAge.toMillis()).arg(PER_RUN);
        return redis.send(eval).map(answer -> new long[]{answer.get(0).toLong(), answer.get(1).toLong()});
    }
}
