package io.absencegroups.cache.redis;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

import java.time.Duration;

/** The lease as one Redis key: {@code SET NX PX} to acquire; renew and release only by the holder (a script compares). */
final class RedisLeaseStore implements OwnerLease.Store {

    private static final String RENEW = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return 0
            """;
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    private final Redis redis;
    private final String key;

    RedisLeaseStore(Redis redis, String key) {
        this.redis = redis;
        this.key = key;
    }

    @Override
    public Uni<Boolean> acquire(String holder, Duration ttl) {
        return redis.send(Request.cmd(Command.SET).arg(key).arg(holder).arg("NX").arg("PX").arg(ttl.toMillis()))
                .map(answer -> answer != null && "OK".equals(answer.toString()));
    }

    @Override
    public Uni<Boolean> renew(String holder, Duration ttl) {
        return eval(RENEW, holder, Long.toString(ttl.toMillis())).map(answer -> answer.toLong() == 1);
    }

    @Override
    public Uni<Void> release(String holder) {
        return eval(RELEASE, holder, "0").replaceWithVoid();
    }

    @Override
    public Uni<String> holder() {
        return redis.send(Request.cmd(Command.GET).arg(key)).map(answer -> answer == null ? null : answer.toString());
    }

    private Uni<Response> eval(String script, String holder, String arg) {
        // short scripts, rarely run: EVAL each time, nothing to reload after a Redis restart
        return redis.send(Request.cmd(Command.EVAL).arg(script).arg(1).arg(key).arg(holder).arg(arg));
    }
}
