package io.absencegroups.subscription;

import io.absencegroups.sync.SyncReport;
import io.absencegroups.upstream.CreatedWebhook;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * myProtime's webhooks and the full sync, scripted by the test: each call takes the next scripted
 * answer (a value, a failure, or "hold" so the test completes it later) and is recorded in order.
 */
final class FakeUpstream implements Webhooks, SubscriptionLifecycle.Sync {

    static final Object HOLD = new Object();

    final List<String> calls = new ArrayList<>();
    final Deque<Object> creates = new ArrayDeque<>();
    final Deque<Object> syncs = new ArrayDeque<>();
    final Map<String, Object> statuses = new HashMap<>();
    final Deque<Object> deletes = new ArrayDeque<>();
    Map<String, Instant> leftovers = Map.of();
    final List<String> deleted = new ArrayList<>();
    final List<Instant> createTimes = new ArrayList<>();
    /** What a create answers when nothing is scripted: myProtime in maintenance. */
    Throwable createFailure = new io.absencegroups.upstream.UpstreamException(503, null, "Maintenance: back soon");
    UniEmitter<? super SyncReport> heldSync;
    UniEmitter<? super CreatedWebhook> heldCreate;
    private final Clock clock;

    FakeUpstream(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Uni<CreatedWebhook> create() {
        return Uni.createFrom().deferred(() -> {
            calls.add("create");
            createTimes.add(clock.instant());
            Object next = creates.isEmpty() ? createFailure : creates.poll();
            if (next == HOLD) {
                return Uni.createFrom().emitter(e -> heldCreate = e);
            }
            return next instanceof Throwable t ? Uni.createFrom().failure(t) : Uni.createFrom().item((CreatedWebhook) next);
        });
    }

    @Override
    public Uni<Optional<String>> status(String id) {
        return Uni.createFrom().deferred(() -> {
            calls.add("status " + id);
            Object answer = statuses.getOrDefault(id, "Enabled");
            if (answer instanceof Throwable t) {
                return Uni.createFrom().failure(t);
            }
            return Uni.createFrom().item(Optional.ofNullable((String) answer));
        });
    }

    @Override
    public Uni<Void> delete(String id) {
        return Uni.createFrom().deferred(() -> {
            calls.add("delete " + id);
            Object next = deletes.poll();
            if (next instanceof Throwable t) {
                return Uni.createFrom().failure(t);
            }
            deleted.add(id);
            return Uni.createFrom().voidItem();
        });
    }

    @Override
    public Uni<Map<String, Instant>> leftovers() {
        return Uni.createFrom().deferred(() -> {
            calls.add("leftovers");
            return Uni.createFrom().item(leftovers);
        });
    }

    @Override
    public Uni<SyncReport> run(String trigger) {
        return Uni.createFrom().deferred(() -> {
            calls.add("sync");
            Object next = syncs.isEmpty() ? complete() : syncs.poll();
            if (next == HOLD) {
                return Uni.createFrom().emitter(e -> heldSync = e);
            }
            return Uni.createFrom().item((SyncReport) next);
        });
    }

    SyncReport complete() {
        Instant now = clock.instant();
        return new SyncReport("test", SyncReport.Outcome.COMPLETE, now, now, 1, 3, 3, 0, 0, 0, null);
    }

    SyncReport failed(String error) {
        Instant now = clock.instant();
        return new SyncReport("test", SyncReport.Outcome.FAILED, now, now, 1, 0, 0, 0, 0, 0, error);
    }

    long count(String call) {
        return calls.stream().filter(c -> c.equals(call)).count();
    }
}
