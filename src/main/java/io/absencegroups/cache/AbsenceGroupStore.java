package io.absencegroups.cache;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The versioned store: for every absence group id, the state with the greatest changeVersion,
 * and the arrival-ordered {@link ChangeLog} that consumers follow.
 * <p>
 * The one rule: a change is applied when its changeVersion is greater than the one stored for
 * its id (live or tombstone); equal is a duplicate, older is stale. Deletes leave tombstones.
 * The log only decides what a consumer sees, and when; it never decides what is applied.
 * <p>
 * Concurrency: each id is updated inside {@link ConcurrentHashMap#compute}, which locks only that
 * id's bin, and takes its log position inside that update, so one id's changes enter the log in
 * the order they were applied. Readers take no lock at all.
 */
public final class AbsenceGroupStore {

    private final Clock clock;
    private final StoreLimits limits;
    private volatile String epoch;

    private final ConcurrentHashMap<Long, Stored> byId = new ConcurrentHashMap<>();
    private final ChangeLog log = new ChangeLog();
    private final AtomicReference<ChangeVersion> highWaterMark = new AtomicReference<>();

    /** Tombstones in the order they were made; may hold superseded ones, which count against the bound. */
    private final Queue<Tombstone> tombstonesByAge = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedTombstones = new AtomicInteger();
    private final AtomicBoolean purging = new AtomicBoolean();

    /** A store whose log has a new random epoch, so cursors of an earlier process are recognised. */
    public AbsenceGroupStore(Clock clock, StoreLimits limits) {
        this(clock, limits, newEpoch());
    }

    /** A store whose log has the given epoch (16 lower-case hex digits). */
    public AbsenceGroupStore(Clock clock, StoreLimits limits, String epoch) {
        this.clock = clock;
        this.limits = limits;
        this.epoch = new Cursor(epoch, 0).epoch();
    }

    private static String newEpoch() {
        // drawn when the store is built, at run time: never baked into a native image
        return String.format("%016x", new SecureRandom().nextLong());
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
            result[0] = ApplyResult.APPLIED;
            // before the position is published: whoever reads a position (a listing's start) and then the
            // high-water mark sees this version in it, so a reconcile never takes this change for one it listed
            highWaterMark.accumulateAndGet(change.changeVersion(), ChangeVersion::max);
            return log.append(position -> change instanceof Change.InsertOrUpdate upsert
                    ? new Stored.Live(upsert.group(), position)
                    : new Tombstone(id, change.changeVersion(), position, clock.instant()), current);
        });
        if (result[0] == ApplyResult.APPLIED) {
            if (after instanceof Tombstone tombstone) {
                remember(tombstone);
            }
        }
        return result[0];
    }

    /**
     * Deletes a group that a complete upstream listing no longer contains, unless it changed
     * since {@code listingStart} (a delivery that arrived while the listing ran is newer than the
     * listing).
     * <p>
     * myProtime gives such a delete no changeVersion. The tombstone takes {@code listingVersion}:
     * the greatest changeVersion known when the listing began or seen in it. Every upsert of the
     * group up to that version is older than the listing, which no longer had the group, so it
     * stays blocked; a later real change has a greater version and is applied as usual. No
     * version is invented, so none can collide with one myProtime hands out later.
     *
     * @param listingStart   {@link #position()} read before the listing's first page
     * @param listingVersion the greatest changeVersion known at the listing's start or listed in it
     * @return true when the group was deleted
     */
    public boolean removeVanished(long id, long listingStart, ChangeVersion listingVersion) {
        boolean[] removed = new boolean[1];
        Stored after = byId.computeIfPresent(id, (key, current) -> {
            if (!(current instanceof Stored.Live) || current.position() > listingStart) {
                return current;
            }
            // never below the group's own version: a tombstone must block what it replaced
            ChangeVersion version = ChangeVersion.max(listingVersion, current.changeVersion());
            removed[0] = true;
            return log.append(position -> new Tombstone(id, version, position, clock.instant()), current);
        });
        if (removed[0]) {
            remember((Tombstone) after);
        }
        return removed[0];
    }

    /**
     * Takes a change that a shared store already applied by the rule, at the position that store's
     * log gave it: this store is then a replica that serves reads. Entries must arrive in position
     * order, as the shared log hands them out, so a later entry of an id is always its newer state.
     * Tombstones are purged by the shared store, which this store follows ({@link #purgeUpTo}).
     */
    public void replicate(Stored entry) {
        byId.compute(entry.id(), (id, current) -> {
            // before the position is published, as in apply(): a reconcile on this pod that reads the
            // position and then the mark never takes this change for one it listed
            highWaterMark.accumulateAndGet(entry.changeVersion(), ChangeVersion::max);
            log.appendAt(entry, current);
            return entry;
        });
        // after the update of the id returned: a delivery woken to answer is then read back by its id too
        log.wakeWaiters(entry.position());
    }

    /**
     * Follows a purge of the shared store this store is a replica of: drops its tombstones at or
     * before {@code horizon}, as the shared store did, and expires the cursors before it.
     */
    public void purgeUpTo(long horizon) {
        if (horizon <= log.horizon()) {
            return;
        }
        for (Stored stored : byId.values()) {
            if (stored instanceof Tombstone tombstone && tombstone.position() <= horizon) {
                evict(tombstone);
            }
        }
        log.raiseHorizon(horizon);
    }

    /**
     * Forgets everything and takes a new log epoch: a replica whose shared store lost its data
     * starts over, and every cursor of the old epoch expires.
     */
    public void reset(String newEpoch) {
        String checked = new Cursor(newEpoch, 0).epoch();
        epoch = checked;
        byId.clear();
        highWaterMark.set(null);
        tombstonesByAge.clear();
        queuedTombstones.set(0);
        log.clear();
    }

    /** The epoch of this store's log: the first part of every cursor it hands out. */
    public String epoch() {
        return epoch;
    }

    private void remember(Tombstone tombstone) {
        tombstonesByAge.add(tombstone);
        queuedTombstones.incrementAndGet();
        purgeTombstones();
    }

    /** The live group, if any; deleted and unknown ids are both empty. */
    public Optional<AbsenceGroup> get(long id) {
        return byId.get(id) instanceof Stored.Live live ? Optional.of(live.group()) : Optional.empty();
    }

    /** What the store holds for the id, tombstones included. */
    public Optional<Stored> stored(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** All live groups sorted by id, with the high-water mark and the cursor they were taken at. */
    public Snapshot snapshot() {
        // the cursor first: the groups read after it are at least as new as it says
        Cursor cursor = cursor();
        ChangeVersion hwm = highWaterMark.get();
        // A change takes its log position inside its id's update and is visible in byId only when that
        // update returns, so the cursor may already cover a change byId does not show yet; the log has
        // it. The log is read before byId: a newer change that clears the entry from the log while it is
        // read is then visible in byId. Per id, the state at the greater position wins.
        Map<Long, Stored> latest = new HashMap<>(byId.size() * 2);
        for (Stored entry : log.after(0, Integer.MAX_VALUE).entries()) {
            if (entry.position() > cursor.position()) {
                break;
            }
            latest.put(entry.id(), entry);
        }
        for (Stored stored : byId.values()) {
            latest.merge(stored.id(), stored, (logged, current) -> current.position() > logged.position() ? current : logged);
        }
        List<Stored.Live> live = new ArrayList<>(latest.size());
        for (Stored stored : latest.values()) {
            if (stored instanceof Stored.Live entry) {
                live.add(entry);
            }
        }
        live.sort(Comparator.comparingLong(Stored.Live::id));
        return new Snapshot(live, hwm, cursor);
    }

    /** The cursor of the log's last change: a list taken now is complete up to it. */
    public Cursor cursor() {
        return new Cursor(epoch, log.last());
    }

    /**
     * The latest state of every id that changed after {@code after} (the whole retained log when
     * null), in the order the changes were applied, at most {@code limit} entries.
     *
     * @throws CursorExpiredException when the cursor is from another log, or older than the retained history
     * @throws MalformedCursorException when the cursor is ahead of this log: not one we handed out
     */
    public ChangesPage changesAfter(Cursor after, int limit) {
        long from = after == null ? 0 : checked(after);
        ChangeLog.Page page = log.after(from, limit);
        // a purge during the walk may have dropped a tombstone this consumer needed
        checkRetained(after);
        return new ChangesPage(page.entries(), new Cursor(epoch, page.next()), page.complete());
    }

    /**
     * The log position of a cursor of this log, checked: of this epoch, not ahead of the log, and
     * not behind the retained history.
     */
    public long checked(Cursor cursor) {
        if (!cursor.epoch().equals(epoch)) {
            throw new CursorExpiredException("the cursor is from another run of the service or another store");
        }
        if (cursor.position() > log.last()) {
            throw new MalformedCursorException("the cursor is ahead of this service's change log: not one it handed out");
        }
        checkRetained(cursor);
        return cursor.position();
    }

    private void checkRetained(Cursor after) {
        if (after != null && after.position() < log.horizon()) {
            throw new CursorExpiredException("changes after this cursor are no longer retained: deletes after it were purged");
        }
    }

    /** The log itself, for those that wait for it to move. */
    public ChangeLog log() {
        return log;
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
        byId.computeIfPresent(tombstone.id(), (id, current) -> {
            if (current != tombstone) {
                return current; // superseded by a newer change: nothing to purge
            }
            log.purge(tombstone);
            return null;
        });
    }

    /** The greatest changeVersion ever applied. */
    public Optional<ChangeVersion> highWaterMark() {
        return Optional.ofNullable(highWaterMark.get());
    }

    /**
     * The log position of the last applied change; a full sync reads it first to know what was
     * applied after it began.
     */
    public long position() {
        return log.last();
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
}
