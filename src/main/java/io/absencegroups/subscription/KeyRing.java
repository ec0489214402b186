package io.absencegroups.subscription;

import javax.crypto.spec.SecretKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The webhook keys that currently authenticate deliveries: the current key, and during a
 * replacement also the previous one until its grace period ends.
 * <p>
 * Reads happen on every delivery and changes a few times a day, so the keys live in an
 * immutable list that writers replace (copy on write): a reader never locks.
 * Keys are never logged or shown; only their names (the webhook ids) are.
 */
public final class KeyRing {

    /** HMAC-SHA256 key material with the name of what it belongs to (a webhook id, or "static"). */
    public record SigningKey(String name, SecretKeySpec spec, Instant retiresAt) {
        @Override
        public String toString() {
            return "SigningKey[" + name + "]"; // never the key bytes
        }
    }

    private final Clock clock;
    private volatile List<SigningKey> keys = List.of();

    public KeyRing(Clock clock) {
        this.clock = clock;
    }

    /** Adds (or replaces) the key called {@code name}; it authenticates deliveries from now on. */
    public synchronized void add(String name, byte[] key) {
        Objects.requireNonNull(name, "name");
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("a webhook key must not be empty");
        }
        List<SigningKey> next = new ArrayList<>(keys.size() + 1);
        for (SigningKey k : keys) {
            if (!k.name().equals(name)) {
                next.add(k);
            }
        }
        next.add(new SigningKey(name, new SecretKeySpec(key, "HmacSHA256"), null));
        keys = List.copyOf(next);
    }

    /**
     * Keeps the key called {@code name} valid for {@code grace}, then drops it, so deliveries
     * the old webhook already sent still verify during the overlap.
     */
    public synchronized void retireAfter(String name, Duration grace) {
        Instant at = clock.instant().plus(grace);
        List<SigningKey> next = new ArrayList<>(keys.size());
        for (SigningKey k : keys) {
            next.add(k.name().equals(name) ? new SigningKey(k.name(), k.spec(), at) : k);
        }
        keys = List.copyOf(next);
    }

    /** Drops the key called {@code name} at once. */
    public synchronized void remove(String name) {
        keys = keys.stream().filter(k -> !k.name().equals(name)).toList();
    }

    /** The keys that verify a delivery now, newest last. Keys past their retirement are left out. */
    public List<SigningKey> activeKeys() {
        List<SigningKey> current = keys;
        Instant now = null;
        for (SigningKey k : current) {
            if (k.retiresAt() != null) {
                now = now == null ? clock.instant() : now;
                if (!now.isBefore(k.retiresAt())) {
                    return prune(now);
                }
            }
        }
        return current;
    }

    private synchronized List<SigningKey> prune(Instant now) {
        keys = keys.stream().filter(k -> k.retiresAt() == null || now.isBefore(k.retiresAt())).toList();
        return keys;
    }

    /** The names of the active keys, for status pages; never the keys themselves. */
    public List<String> names() {
        return activeKeys().stream().map(SigningKey::name).toList();
    }

    public boolean isEmpty() {
        return activeKeys().isEmpty();
    }
}
