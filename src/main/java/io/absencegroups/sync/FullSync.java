package io.absencegroups.sync;

import io.absencegroups.cache.AbsenceGroup;
import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.ApplyResult;
import io.absencegroups.cache.Change;
import io.absencegroups.cache.ChangeWriter;
import io.absencegroups.cache.ChangeVersion;
import io.absencegroups.upstream.GroupPage;
import io.absencegroups.upstream.NextLinks;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A full sync: page through the whole collection upstream, apply every group with the store's
 * changeVersion rule, then reconcile. Deliveries that arrive meanwhile merge by changeVersion, so a
 * sync never overwrites a newer delivered change.
 * <p>
 * Reconcile: a live group that a complete listing did not contain was deleted upstream, so it is
 * removed, unless it changed in the store after the listing began (the store's log position, read before
 * the first page, tells): such a group was delivered while the listing ran and is newer than the listing.
 * Its tombstone carries the listing's version (see {@link AbsenceGroupStore#removeVanished}), a real
 * changeVersion, so no invented version can collide with a later change from myProtime.
 * A listing that fails part-way, or had unreadable items, removes nothing.
 * <p>
 * Several syncs may run at once (a replacement's and a reconcile); each is safe on its own because it
 * only removes what changed before it began.
 */
public final class FullSync {

    private static final Logger LOG = Logger.getLogger(FullSync.class);

    /** The pages of the collection: the first when {@code nextLink} is null, else the one it names. */
    @FunctionalInterface
    public interface PageSource {
        Uni<GroupPage> page(String nextLink);
    }

    private final PageSource source;
    private final AbsenceGroupStore store;
    private final ChangeWriter writer;
    private final Clock clock;
    private final int maxPages;
    private final Consumer<SyncReport> onFinished;
    private final AtomicInteger running = new AtomicInteger();
    private volatile SyncReport last;
    /** Set by the first sync that finished (complete or incomplete); never cleared. */
    private volatile boolean finishedOnce;

    /**
     * @param store      what is stored now (read for the listing's start and the ids to reconcile)
     * @param writer     where the listing's groups and reconcile deletes go
     * @param maxPages   a listing longer than this is abandoned as a nextLink loop
     * @param onFinished told of every report (metrics, logs)
     */
    public FullSync(PageSource source, AbsenceGroupStore store, ChangeWriter writer, Clock clock, int maxPages,
                    Consumer<SyncReport> onFinished) {
        this.source = source;
        this.store = store;
        this.writer = writer;
        this.clock = clock;
        this.maxPages = maxPages;
        this.onFinished = onFinished;
    }

    /** Runs one sync. The Uni never fails: a failed listing is a report with outcome FAILED. */
    public Uni<SyncReport> run(String trigger) {
        return Uni.createFrom().deferred(() -> {
            // read before the first page: everything applied after this is newer than the listing
            Listing listing = new Listing(trigger, store.position(), store.highWaterMark().orElse(null), clock.instant());
            running.incrementAndGet();
            return NextLinks.followEach(source::page, listing::apply, maxPages, "protime.sync.max-pages")
                    .chain(listing::reconciled)
                    .onFailure().recoverWithItem(listing::failed)
                    .invoke(this::finished)
                    .onTermination().invoke(running::decrementAndGet);
        });
    }

    private void finished(SyncReport report) {
        last = report;
        if (report.finished()) {
            finishedOnce = true;
        }
        if (report.outcome() == SyncReport.Outcome.FAILED) {
            LOG.warnf("full sync (%s) failed after %d pages and %d items; nothing removed: %s",
                    report.trigger(), report.pages(), report.items(), report.error());
        } else {
            LOG.infof("full sync (%s) %s: %d pages, %d groups (%d applied, %d unchanged), %d removed, %d skipped, in %d ms",
                    report.trigger(), report.outcome().tag(), report.pages(), report.items(), report.applied(),
                    report.unchanged(), report.removed(), report.skipped(), report.duration().toMillis());
        }
        onFinished.accept(report);
    }

    /** The last sync that ended, if any. */
    public Optional<SyncReport> last() {
        return Optional.ofNullable(last);
    }

    /** Whether a sync has finished since the service started: the store then holds the whole collection. */
    public boolean finishedOnce() {
        return finishedOnce;
    }

    /** Whether a sync is running now. */
    public boolean running() {
        return running.get() > 0;
    }

    /** One run's progress. Pages arrive one after the other, so no locking is needed. */
    private final class Listing {
        final String trigger;
        final long positionAtStart;
        final Instant startedAt;
        /** The greatest changeVersion known at the start or listed so far: a reconcile delete's version. */
        ChangeVersion listingVersion;
        final Set<Long> seen = new HashSet<>();
        int pages;
        int items;
        int applied;
        int unchanged;
        int skipped;

        Listing(String trigger, long positionAtStart, ChangeVersion versionAtStart, Instant startedAt) {
            this.trigger = trigger;
            this.positionAtStart = positionAtStart;
            this.listingVersion = versionAtStart;
            this.startedAt = startedAt;
        }

        /** Applies a page as one batch; the next page is read once the store has taken it. */
        Uni<Void> apply(GroupPage page) {
            pages++;
            skipped += page.skipped();
            List<Change> changes = new ArrayList<>(page.groups().size());
            for (AbsenceGroup group : page.groups()) {
                items++;
                seen.add(group.id());
                listingVersion = ChangeVersion.max(listingVersion, group.changeVersion());
                changes.add(new Change.InsertOrUpdate(group));
            }
            return Uni.createFrom().completionStage(() -> writer.applyAll(changes)).invoke(results -> {
                for (ApplyResult result : results) {
                    switch (result) {
                        case APPLIED -> applied++;
                        case DUPLICATE, STALE -> unchanged++;
                    }
                }
            }).replaceWithVoid();
        }

        Uni<SyncReport> reconciled() {
            Uni<Integer> removed = Uni.createFrom().item(0);
            // an empty store before an empty listing has nothing to remove, and no version to remove it at
            if (skipped == 0 && listingVersion != null) {
                for (long id : store.liveIds()) {
                    if (!seen.contains(id)) {
                        removed = removed.chain(count -> Uni.createFrom()
                                .completionStage(() -> writer.removeVanished(id, positionAtStart, listingVersion))
                                .map(gone -> gone ? count + 1 : count));
                    }
                }
            }
            return removed.map(count ->
                    report(skipped == 0 ? SyncReport.Outcome.COMPLETE : SyncReport.Outcome.INCOMPLETE, count, null));
        }

        SyncReport failed(Throwable failure) {
            String message = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
            return report(SyncReport.Outcome.FAILED, 0, message);
        }

        private SyncReport report(SyncReport.Outcome outcome, int removed, String error) {
            return new SyncReport(trigger, outcome, startedAt, clock.instant(), pages, items, applied, unchanged,
                    removed, skipped, error);
        }
    }
}
