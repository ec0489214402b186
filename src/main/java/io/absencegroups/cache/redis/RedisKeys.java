package io.absencegroups.cache.redis;

/**
 * The keys of one deployment's shared store, all under one prefix.
 *
 * @param state   hash: group id -> its latest state (canonical version, log position, live or tombstone, version text)
 * @param log     stream: the change log; entry id {@code 0-<position>}, one entry per id (compacted)
 * @param seq     counter: the last log position handed out
 * @param epoch   string: the log's identity; a new one after Redis lost its data
 * @param lease   string with a TTL: which pod owns the subscription
 * @param webhook    hash: the subscription's webhook as the owner recorded it (id, validUntil, keys)
 * @param tombstones sorted set: the ids whose state is a tombstone, scored by when (ms, Redis's clock) it was written
 * @param horizon    number: the greatest log position purged; a cursor before it has missed a delete
 */
record RedisKeys(String state, String log, String seq, String epoch, String lease, String webhook, String tombstones,
                 String horizon) {

    static RedisKeys under(String prefix) {
        return new RedisKeys(prefix + ":state", prefix + ":log", prefix + ":seq", prefix + ":epoch",
                prefix + ":lease", prefix + ":webhook", prefix + ":tombstones", prefix + ":horizon");
    }
}
