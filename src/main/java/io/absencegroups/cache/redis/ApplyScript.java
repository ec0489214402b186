package io.absencegroups.cache.redis;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The one rule, run inside Redis so that it is atomic across pods: compare the incoming
 * changeVersion with the id's stored one (live or tombstone); when newer, take the next log
 * position, append the change to the stream at that position, drop the id's previous entry (the
 * stream stays compacted) and record the new state. A reconcile delete ({@code R}) is applied
 * only to a live group that has not changed since the listing began, at the listing's version.
 * A tombstone is also noted, with Redis's time, in the set {@link PurgeScript} purges from.
 * <p>
 * Versions arrive in canonical form (upper-case, no leading zeros), which orders by length and
 * then as a string, exactly as {@code ChangeVersion.compareTo} does.
 * <p>
 * A batch of changes runs as one script call: one round trip for a whole delivery or sync page,
 * and one atomic step, so a delivery is either stored whole or not at all. Within a call the
 * state hash is read once ({@code HMGET}) and written once, the log positions taken with one
 * read and one write of the sequence, and the replaced entries dropped with one {@code XDEL};
 * each change only appends its own entry. A change to an id decided earlier in the same call is
 * decided against that one. Those lists go to Redis a thousand values at a time: Lua passes at
 * most about 8,000 values to one command, and a delivery of 256 KiB can hold 4,000 deletes.
 * <p>
 * The state hash carries one field more, {@value #LAYOUT_FIELD}, whose value (which says what the
 * other fields hold) is longer than Redis's {@code hash-max-listpack-value} default (64 bytes).
 * Redis then keeps the hash as a hash table for good instead of a listpack, which it does up to
 * 512 fields by default and where each lookup scans the list: with 500 groups that was a third
 * of the script's time (docs/redis.md).
 * <p>
 * Called by SHA; after a Redis restart the script cache is empty (NOSCRIPT), so the call falls
 * back to EVAL once, which also loads it again.
 * <p>
 * It reads Redis's clock ({@code TIME}) to date tombstones; Redis 5 and 6 allow writes after that
 * only with {@code redis.replicate_commands()}, which Redis 7 and Valkey do anyway (a no-op there).
 */
final class ApplyScript {

    /** Answers of the script: {code, position}. */
    static final long EPOCH_CHANGED = -1;
    static final long NOT_REMOVED = 0;
    static final long APPLIED = 1;
    static final long DUPLICATE = 2;
    static final long STALE = 3;

    /** The state hash's one field that is no group id (see above), as the script writes it. */
    static final String LAYOUT_FIELD = "~";

    /** Arguments per change after ARGV[1] (the epoch): id, kind, canonical version, version text, group JSON, listing start. */
    static final int ARGS_PER_CHANGE = 6;

    static final String LUA = """
            redis.replicate_commands()
            local heads = redis.call('MGET', KEYS[4], KEYS[3])
            if heads[1] ~= ARGV[1] then return {-1, 0} end
            local seq = tonumber(heads[2]) or 0
            local layout = 'each field but this one: a group id, valued <canonical version>|<log position>|<L for live or T for tombstone>|<version text>'
            local function cmp(x, y)
              if #x ~= #y then if #x < #y then return -1 else return 1 end end
              if x == y then return 0 end
              if x < y then return -1 else return 1 end
            end
            -- Lua passes at most about 8,000 values to one command; callers pass an even step, so HSET's pairs stay whole
            local function each(list, step, command, key)
              local answers = {}
              for k = 1, #list, step do
                local part = redis.call(command, key, unpack(list, k, math.min(k + step - 1, #list)))
                if type(part) == 'table' then
                  for j = 1, #part do answers[k + j - 1] = part[j] end
                end
              end
              return answers
            end
            local ids = {}
            for i = 2, #ARGV, 6 do ids[#ids + 1] = ARGV[i] end
            local read = each(ids, 1000, 'HMGET', KEYS[1])
            local states = {}
            for j = 1, #ids do
              if states[ids[j]] == nil then states[ids[j]] = read[j] end
            end
            local out, dropped, written = {}, {}, {}
            local now
            for i = 2, #ARGV, 6 do
              local id, kind, v, t = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
              local cur = states[id]
              local cv, cp, ck, ct
              if cur then
                local a = string.find(cur, '|', 1, true)
                local b = string.find(cur, '|', a + 1, true)
                local c = string.find(cur, '|', b + 1, true)
                cv = string.sub(cur, 1, a - 1)
                cp = tonumber(string.sub(cur, a + 1, b - 1))
                ck = string.sub(cur, b + 1, c - 1)
                ct = string.sub(cur, c + 1)
              end
              local code, pos = 1, 0
              if kind == 'R' then
                if not cur or ck ~= 'L' or cp > tonumber(ARGV[i + 5]) then
                  code = 0
                else
                  if cmp(v, cv) < 0 then v, t = cv, ct end
                  kind = 'D'
                end
              elseif cur then
                local order = cmp(v, cv)
                if order == 0 then code, pos = 2, cp elseif order < 0 then code, pos = 3, cp end
              end
              if code == 1 then
                seq = seq + 1
                pos = seq
                if kind == 'U' then
                  redis.call('XADD', KEYS[2], '0-' .. pos, 'k', 'U', 'g', ARGV[i + 4])
                else
                  redis.call('XADD', KEYS[2], '0-' .. pos, 'k', 'D', 'id', id, 'v', t)
                end
                if cur then dropped[#dropped + 1] = '0-' .. cp end
                local state = 'T'
                if kind == 'U' then
                  state = 'L'
                  if ck == 'T' then redis.call('ZREM', KEYS[5], id) end
                else
                  if not now then
                    local time = redis.call('TIME')
                    now = time[1] * 1000 + math.floor(time[2] / 1000)
                  end
                  redis.call('ZADD', KEYS[5], now, id)
                end
                states[id] = v .. '|' .. pos .. '|' .. state .. '|' .. t
                written[#written + 1] = id
                written[#written + 1] = states[id]
              end
              out[#out + 1] = code
              out[#out + 1] = pos
            end
            if #written > 0 then
              redis.call('HSETNX', KEYS[1], '~', layout)
              each(written, 1000, 'HSET', KEYS[1])
              redis.call('SET', KEYS[3], seq)
            end
            each(dropped, 1000, 'XDEL', KEYS[2])
            return out
            """;

    private static final String SHA = sha1(LUA);

    private final Redis redis;
    private final RedisKeys keys;

    ApplyScript(Redis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /**
     * Runs the script over a batch of changes, in one round trip and atomically; {@code args} are
     * the epoch, then {@link #ARGS_PER_CHANGE} per change. Answers {code, position} per change, or
     * the single pair {EPOCH_CHANGED, 0}.
     */
    Uni<long[]> run(List<String> args) {
        return run(redis, args);
    }

    /** As {@link #run(List)}, through the given client (one of the same Redis). */
    Uni<long[]> run(Redis via, List<String> args) {
        return send(via, Command.EVALSHA, SHA, args)
                .onFailure(ApplyScript::isNoScript).recoverWithUni(() -> send(via, Command.EVAL, LUA, args))
                .map(response -> {
                    long[] answer = new long[response.size()];
                    for (int i = 0; i < answer.length; i++) {
                        answer[i] = response.get(i).toLong();
                    }
                    return answer;
                });
    }

    private Uni<Response> send(Redis via, Command command, String script, List<String> args) {
        Request request = Request.cmd(command).arg(script).arg(5)
                .arg(keys.state()).arg(keys.log()).arg(keys.seq()).arg(keys.epoch()).arg(keys.tombstones());
        for (String arg : args) {
            request.arg(arg);
        }
        return via.send(request);
    }

    private static boolean isNoScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
