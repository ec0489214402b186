package io.absencegroups.cache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;

/**
 * The arrival-ordered log of what the store applied: every applied change takes the next
 * position, and an id's earlier entry leaves the log when its next one arrives, so the log holds
 * the latest state of each id (live or tombstone) and nothing else.
 * <p>
 * Why arrival order and not changeVersion order: a consumer that has read up to some point must
 * get everything applied after it, and myProtime's deliveries arrive shuffled. A late delivery
 * with a low changeVersion is still a new position here.
 * <p>
 * Concurrency: appends take one short lock, which also assigns the position, so positions are
 * published in order and a reader never sees position n+1 while n is still on its way. Readers
 * take no lock: they read one published {@link Segment} and walk it. A slot superseded while a
 * reader walks may still show its old state; the newer state sits at a greater position that the
 * same or the next read returns, so a consumer who applies entries in order ends up current.
 */
public final class ChangeLog {

    /** Compaction waits for this much garbage, so small logs are not rebuilt on every change. */
    private static final int MIN_GARBAGE_TO_COMPACT = 64;

    private final Object appendLock = new Object();
    private volatile Segment published = new Segment(new long[16], new Stored[16], 0, 0);
    /** Slots emptied since the last compaction; guarded by appendLock. */
    private int garbage;
    /** The greatest position whose entry was dropped by a purge, not by a newer change. */
    private volatile long horizon;
    /** How often the log was cleared; a waiter from before a clear is woken, to find its cursor expired. */
    private volatile int clears;
    /** Completed and cleared by the next append; null while nobody waits. */
    private final AtomicReference<CompletableFuture<Long>> moved = new AtomicReference<>();

    /**
     * Appends the entry that {@code make} builds for the next position, and drops {@code previous}
     * (the id's entry before this change, or null). Called inside the store's per-id update, so one
     * id's entries are appended in the order they were applied.
     */
    Stored append(LongFunction<Stored> make, Stored previous) {
        Stored next;
        synchronized (appendLock) {
            next = make.apply(published.last + 1);
            publish(next, previous);
        }
        wakeWaiters(next.position());
        return next;
    }

    /**
     * Appends an entry whose position another log assigned (a replica of a shared log), dropping
     * {@code previous}. Positions must arrive in increasing order; gaps are fine (the other log
     * compacted them away). Waiters are not woken here: the caller wakes them ({@link #wakeWaiters})
     * once the entry is visible by its id too.
     */
    void appendAt(Stored entry, Stored previous) {
        synchronized (appendLock) {
            if (entry.position() <= published.last) {
                throw new IllegalStateException("log position " + entry.position() + " is not after " + published.last);
            }
            publish(entry, previous);
        }
    }

    /** Guarded by appendLock. */
    private void publish(Stored entry, Stored previous) {
        Segment head = published;
        if (previous != null) {
            clear(head, previous);
        }
        published = head.with(entry.position(), entry);
        if (garbage >= MIN_GARBAGE_TO_COMPACT && garbage * 2 > published.size) {
            published = published.compacted();
            garbage = 0;
        }
    }

    void wakeWaiters(long position) {
        CompletableFuture<Long> waiting = moved.getAndSet(null);
        if (waiting != null) {
            waiting.complete(position);
        }
    }

    /**
     * Empties the log, for a replica whose shared log was replaced (a new epoch). Waiters are woken
     * so they look again and find their cursor expired.
     */
    void clear() {
        synchronized (appendLock) {
            published = new Segment(new long[16], new Stored[16], 0, 0);
            garbage = 0;
            horizon = 0;
            clears++;
        }
        wakeWaiters(0);
    }

    /** Drops a purged entry; consumers behind it have lost it and must start over. */
    void purge(Stored entry) {
        synchronized (appendLock) {
            clear(published, entry);
            horizon = Math.max(horizon, entry.position());
        }
    }

    /**
     * Raises the horizon to a position another log purged up to (a replica's shared log): a
     * consumer behind it has missed a delete, even one this log never held.
     */
    void raiseHorizon(long position) {
        synchronized (appendLock) {
            horizon = Math.max(horizon, position);
        }
    }

    private void clear(Segment head, Stored entry) {
        int slot = Arrays.binarySearch(head.positions, 0, head.size, entry.position());
        if (slot >= 0 && head.entries[slot] == entry) {
            head.entries[slot] = null;
            garbage++;
        }
    }

    /** The position of the last change; 0 while the log is empty. */
    public long last() {
        return published.last;
    }

    /** Positions after this one are complete; a consumer behind it has missed a purged delete. */
    public long horizon() {
        return horizon;
    }

    /**
     * The entries after {@code after}, oldest first, at most {@code limit}.
     *
     * @return the entries, and the position to read after next time: the last returned entry's when
     * the limit cut the page, else the log's last position when the read began
     */
    public Page after(long after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        Segment head = published;
        int slot = Arrays.binarySearch(head.positions, 0, head.size, after);
        slot = slot >= 0 ? slot + 1 : -slot - 1;
        List<Stored> entries = new ArrayList<>(Math.min(limit, Math.max(head.size - slot, 0)));
        long next = head.last;
        boolean complete = true;
        for (; slot < head.size; slot++) {
            Stored entry = head.entries[slot];
            if (entry == null) {
                continue;
            }
            if (entries.size() == limit) {
                complete = false;
                next = entries.get(limit - 1).position();
                break;
            }
            entries.add(entry);
        }
        return new Page(List.copyOf(entries), Math.max(next, after), complete);
    }

    /**
     * Completes with the log's last position once it is past {@code position}: at once when it
     * already is, else on the append that moves it past (or when the log is cleared, so a waiter
     * of the old epoch looks again). Completes on the appending thread, so a caller that does
     * more than note the fact should hop to its own executor.
     */
    public CompletionStage<Long> whenPast(long position) {
        return whenPast(position, clears);
    }

    private CompletionStage<Long> whenPast(long position, int clearsSeen) {
        long now = last();
        if (now > position || clears != clearsSeen) {
            return CompletableFuture.completedFuture(now);
        }
        CompletableFuture<Long> waiting = moved.updateAndGet(current -> current != null ? current : new CompletableFuture<>());
        // an append between the check above and the registration did not see this waiter. It answers
        // for itself: the wake-up it registered on is shared, and completing it here would leave a
        // completed wake-up in place until the next append, on which every later waiter would loop
        now = last();
        if (now > position || clears != clearsSeen) {
            return CompletableFuture.completedFuture(now);
        }
        // every append wakes every waiter; one that is still not past its position waits again
        return waiting.thenCompose(ignored -> whenPast(position, clearsSeen));
    }

    /** How many slots the log holds, empty ones included; bounded by twice the entries plus a constant. */
    int slots() {
        return published.size;
    }

    /**
     * A slice of the log.
     *
     * @param entries  the latest state of each id that changed, oldest first
     * @param next     the position to ask after next time
     * @param complete false when the limit cut the page: ask again at once
     */
    public record Page(List<Stored> entries, long next, boolean complete) {
    }

    /**
     * What readers see: the first {@code size} slots of the arrays. Appends fill the slot after
     * {@code size} and publish a new segment over the same arrays, so a reader's view never grows
     * under it; only a superseded slot may turn null, which readers skip.
     */
    private record Segment(long[] positions, Stored[] entries, int size, long last) {

        Segment with(long position, Stored entry) {
            long[] p = positions;
            Stored[] e = entries;
            if (size == p.length) {
                p = Arrays.copyOf(p, size * 2);
                e = Arrays.copyOf(e, size * 2);
            }
            p[size] = position;
            e[size] = entry;
            return new Segment(p, e, size + 1, position);
        }

        Segment compacted() {
            int capacity = Math.max(16, Integer.highestOneBit(Math.max(size, 1)) * 2);
            long[] p = new long[capacity];
            Stored[] e = new Stored[capacity];
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (entries[i] != null) {
                    p[kept] = positions[i];
                    e[kept] = entries[i];
                    kept++;
                }
            }
            return new Segment(p, e, kept, last);
        }
    }
}
