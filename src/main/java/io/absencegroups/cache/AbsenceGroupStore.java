package io.absencegroups.cache;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The versioned store: for every absence group id, the state with the greatest changeVersion.
 * <p>
 * The one rule: a change is applied when its changeVersion is greater than the one stored for
 * its id (live or tombstone); equal is a duplicate, older is stale. Deletes leave tombstones.
 * <p>
 * Concurrency: each id is updated inside {@link ConcurrentHashMap#compute}, which locks only that
 * id's bin, so there is no global lock on the apply path and every id moves forward atomically.
 * Readers take no lock at all. The history index holds one entry per id (its latest state),
 * ordered by changeVersion, so "changes after X" is a tail view and the history can never hold
 * more than the live groups plus the bounded tombstones.
 */
public final class AbsenceGroupStore {

    private final Clock clock;
    private final StoreLimits limits;

    private final ConcurrentHashMap<Long, Stored> byId = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<HistoryKey, Stored> history = new ConcurrentSkipListMap<>();
    private final AtomicReference<ChangeVersion> highWaterMark = new AtomicReference<>();
    /** The greatest version whose history entry was purged: "after" older than this is incomplete. */
    private final AtomicReference<ChangeVersion> horizon = new AtomicReference<>();
    private final AtomicLong revisions = new AtomicLong();
    /** Incremented after a change is visible, so a reader that reads it first never over-claims. */
    private final AtomicLong modifications = new AtomicLong();

    /** Tombstones in the order they were made; may hold superseded ones, which count against the bound. */
    private final Queue<Tombstone> tombstonesByAge = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedTombstones = new AtomicInteger();
    private final AtomicBoolean purging = new AtomicBoolean();

    public AbsenceGroupStore(Clock clock, StoreLimits limits) {
        this.clock = clock;
        this.limits = limits;
    }

    /** Applies one change with the changeVersion rule. */
    public ApplyResult apply(Change change) {
        ApplyResult[] result = new ApplyResult[1];
        Stored after = byId.compute(change.id(), (id, current) -> {
            if (current != null) {
                int order = change.changeVersion().compareTo(current.changeVersion());
                if (order <= 0) {
                    result[0] = order == 0 ? ApplyResult.DUPLICATE : ApplyResult.STALE;
                    return current;
                }
            }
            long revision = revisions.incrementAndGet();
            Stored next = change instanceof Change.InsertOrUpdate upsert
                    ? new Stored.Live(upsert.group(), revision)
                    : new Tombstone(id, change.changeVersion(), revision, clock.instant());
            replaceInHistory(current, next);
            result[0] = ApplyResult.APPLIED;
            return next;
        });
        if (result[0] == ApplyResult.APPLIED) {
            highWaterMark.accumulateAndGet(change.changeVersion(), ChangeVersion::max);
            modifications.incrementAndGet();
            if (after instanceof Tombstone tombstone) {
                tombstonesByAge.add(tombstone);
                queuedTombstones.incrementAndGet();
                purgeTombstones();
            }
        }
        return result[0];
    }

    /**
     * Deletes a group that a complete upstream listing no longer contains, unless it changed
     * since {@code listingStartRevision} (a delivery that arrived while the listing ran is newer
     * than the listing). The tombstone gets a version after everything applied so far, so
     * consumers of the change feed see the delete.
     *
     * @return true when the group was deleted
     */
    public boolean removeVanished(long id, long listingStartRevision) {
        boolean[] removed = new boolean[1];
        Stored after = byId.computeIfPresent(id, (key, current) -> {
            if (!(current instanceof Stored.Live) || current.revision() > listingStartRevision) {
                return current;
            }
            ChangeVersion version = highWaterMark.updateAndGet(
                    hwm -> ChangeVersion.max(hwm, current.changeVersion()).successor());
            Tombstone tombstone = new Tombstone(id, version, revisions.incrementAndGet(), clock.instant());
            replaceInHistory(current, tombstone);
            removed[0] = true;
            return tombstone;
        });
        if (removed[0]) {
            modifications.incrementAndGet();
            tombstonesByAge.add((Tombstone) after);
            queuedTombstones.incrementAndGet();
            purgeTombstones();
        }
        return removed[0];
    }

    private void replaceInHistory(Stored previous, Stored next) {
        // put before remove: a concurrent reader may see both states of the id, never neither
        history.put(HistoryKey.of(next), next);
        if (previous != null) {
            history.remove(HistoryKey.of(previous), previous);
        }
    }

    /** The live group, if any; deleted and unknown ids are both empty. */
    public Optional<AbsenceGroup> get(long id) {
        return byId.get(id) instanceof Stored.Live live ? Optional.of(live.group()) : Optional.empty();
    }

    /** What the store holds for the id, tombstones included. */
    public Optional<Stored> stored(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** All live groups sorted by id, with the counters that describe them. */
    public Snapshot snapshot() {
        long modCount = modifications.get();
        ChangeVersion hwm = highWaterMark.get();
        List<AbsenceGroup> groups = new ArrayList<>(byId.size());
        for (Stored stored : byId.values()) {
            if (stored instanceof Stored.Live live) {
                groups.add(live.group());
            }
        }
        groups.sort(Comparator.comparingLong(AbsenceGroup::id));
        return new Snapshot(groups, hwm, modCount);
    }

    /**
     * The latest state of every id that changed after {@code after} (all retained history when
     * null), in changeVersion order, at most {@code limit} entries, but never splitting entries
     * that share one version, so the next page after {@code last} loses nothing.
     *
     * @throws HistoryExpiredException when {@code after} is older than the retained history
     */
    public ChangesPage changesAfter(ChangeVersion after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        requireRetained(after);
        NavigableMap<HistoryKey, Stored> tail = after == null
                ? history
                : history.tailMap(new HistoryKey(after, Long.MAX_VALUE), false);
        List<Stored> changes = new ArrayList<>(Math.min(limit, 256));
        boolean complete = true;
        for (Stored stored : tail.values()) {
            if (changes.size() >= limit
                    && !stored.changeVersion().equals(changes.get(changes.size() - 1).changeVersion())) {
                complete = false;
                break;
            }
            changes.add(stored);
        }
        // a purge during the walk may have dropped a tombstone this consumer needed
        requireRetained(after);
        ChangeVersion last = changes.isEmpty() ? after : changes.get(changes.size() - 1).changeVersion();
        return new ChangesPage(List.copyOf(changes), last, complete);
    }

    private void requireRetained(ChangeVersion after) {
        ChangeVersion purgedUpTo = horizon.get();
        if (after != null && purgedUpTo != null && after.compareTo(purgedUpTo) < 0) {
            throw new HistoryExpiredException(after, purgedUpTo);
        }
    }

    /**
     * Drops tombstones beyond the count bound or older than the age bound. Runs after every
     * delete; call it periodically too, so tombstones age out when no deletes arrive. Only one
     * caller purges at a time; the others skip instead of waiting.
     */
    public void purgeTombstones() {
        if (!purging.compareAndSet(false, true)) {
            return;
        }
        try {
            Instant oldestKept = clock.instant().minus(limits.tombstoneMaxAge());
            Tombstone head;
            while ((head = tombstonesByAge.peek()) != null
                    && (queuedTombstones.get() > limits.tombstoneMaxCount() || head.deletedAt().isBefore(oldestKept))) {
                tombstonesByAge.poll();
                queuedTombstones.decrementAndGet();
                evict(head);
            }
        } finally {
            purging.set(false);
        }
    }

    private void evict(Tombstone tombstone) {
        boolean[] evicted = new boolean[1];
        byId.computeIfPresent(tombstone.id(), (id, current) -> {
            if (current != tombstone) {
                return current; // superseded by a newer change: nothing to purge
            }
            history.remove(HistoryKey.of(tombstone), tombstone);
            evicted[0] = true;
            return null;
        });
        if (evicted[0]) {
            horizon.accumulateAndGet(tombstone.changeVersion(), ChangeVersion::max);
        }
    }

    /** The greatest changeVersion ever applied. */
    public Optional<ChangeVersion> highWaterMark() {
        return Optional.ofNullable(highWaterMark.get());
    }

    /** Changes after this version are complete in {@link #changesAfter}; empty while nothing was purged. */
    public Optional<ChangeVersion> horizon() {
        return Optional.ofNullable(horizon.get());
    }

    /** The counter of applied changes; a full sync reads it first to know what happened after it began. */
    public long revision() {
        return revisions.get();
    }

    /** How many changes are visible; a cache of a snapshot is current while this is unchanged. */
    public long modifications() {
        return modifications.get();
    }

    /** Ids of all live groups. */
    public Set<Long> liveIds() {
        Set<Long> ids = new java.util.HashSet<>();
        for (Map.Entry<Long, Stored> e : byId.entrySet()) {
            if (e.getValue() instanceof Stored.Live) {
                ids.add(e.getKey());
            }
        }
        return ids;
    }

    public int liveCount() {
        int count = 0;
        for (Stored stored : byId.values()) {
            if (stored instanceof Stored.Live) {
                count++;
            }
        }
        return count;
    }

    public int tombstoneCount() {
        return byId.size() - liveCount();
    }

    /** History order: by changeVersion, then id, because two ids may in theory share a version. */
    private record HistoryKey(ChangeVersion version, long id) implements Comparable<HistoryKey> {
        static HistoryKey of(Stored stored) {
            return new HistoryKey(stored.changeVersion(), stored.id());
        }

        @Override
        public int compareTo(HistoryKey other) {
            int byVersion = version.compareTo(other.version);
            return byVersion != 0 ? byVersion : Long.compare(id, other.id);
        }
    }
}
