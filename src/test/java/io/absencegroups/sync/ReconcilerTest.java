package io.absencegroups.sync;

import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.LocalChangeWriter;
import io.absencegroups.cache.StoreLimits;
import io.absencegroups.config.ProtimeConfig;
import io.absencegroups.upstream.GroupPage;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The periodic reconcile's gate, over a counting page source and a real store; no Quarkus. */
class ReconcilerTest {

    private final AtomicInteger listings = new AtomicInteger();
    private Reconciler reconciler;

    @BeforeEach
    void setUp() {
        AbsenceGroupStore store = new AbsenceGroupStore(Clock.systemUTC(), new StoreLimits(100, Duration.ofHours(1)));
        reconciler = new Reconciler();
        reconciler.fullSync = new FullSync(nextLink -> {
            listings.incrementAndGet();
            return Uni.createFrom().item(new GroupPage(List.of(), 0, null));
        }, store, new LocalChangeWriter(store), Clock.systemUTC(), 10, report -> { });
        reconciler.config = subscriptionEnabled();
    }

    private static ProtimeConfig subscriptionEnabled() {
        ProtimeConfig.Subscription subscription = (ProtimeConfig.Subscription) Proxy.newProxyInstance(
                ReconcilerTest.class.getClassLoader(), new Class<?>[] {ProtimeConfig.Subscription.class},
                (proxy, method, args) -> method.getName().equals("enabled") ? Boolean.TRUE : null);
        return (ProtimeConfig) Proxy.newProxyInstance(ReconcilerTest.class.getClassLoader(), new Class<?>[] {ProtimeConfig.class},
                (proxy, method, args) -> method.getName().equals("subscription") ? subscription : null);
    }

    private void tick() {
        reconciler.tick().await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void waitsForTheFirstSyncThenReconcilesOnEveryTick() {
        tick();
        assertEquals(0, listings.get(), "no reconcile before the subscription's first sync");
        reconciler.fullSync.run("first").await().atMost(Duration.ofSeconds(5));
        tick();
        tick();
        assertEquals(3, listings.get());
    }

    @Test
    void aPodThatLostTheLeaseStopsReconcilingAndResumesWhenItOwnsAgain() {
        AtomicBoolean owner = new AtomicBoolean(true);
        reconciler.onlyWhile(owner::get);
        reconciler.fullSync.run("first").await().atMost(Duration.ofSeconds(5));
        tick();
        assertEquals(2, listings.get());

        owner.set(false);
        tick();
        tick();
        assertEquals(2, listings.get(), "a pod that does not own the subscription lists nothing");

        owner.set(true);
        tick();
        assertEquals(3, listings.get());
    }
}
