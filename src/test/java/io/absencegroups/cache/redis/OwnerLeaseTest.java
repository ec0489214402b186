package io.absencegroups.cache.redis;

import io.absencegroups.testing.MutableClock;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lease's rules with a fake key that expires by the same clock, and no Redis. */
class OwnerLeaseTest {

    private static final Duration TTL = Duration.ofSeconds(15);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final FakeKey key = new FakeKey();

    /** One lease key: a holder and when it lapses; can be made unreachable. */
    final class FakeKey implements OwnerLease.Store {
        String holder;
        Instant lapses;
        boolean down;

        private boolean live() {
            return holder != null && clock.instant().isBefore(lapses);
        }

        private <T> Uni<T> reach(java.util.function.Supplier<T> action) {
            return down ? Uni.createFrom().failure(new IllegalStateException("connection refused")) : Uni.createFrom().item(action);
        }

        @Override
        public Uni<Boolean> acquire(String who, Duration ttl) {
            return reach(() -> {
                if (live()) {
                    return false;
                }
                holder = who;
                lapses = clock.instant().plus(ttl);
                return true;
            });
        }

        @Override
        public Uni<Boolean> renew(String who, Duration ttl) {
            return reach(() -> {
                if (!live() || !holder.equals(who)) {
                    return false;
                }
                lapses = clock.instant().plus(ttl);
                return true;
            });
        }

        @Override
        public Uni<Void> release(String who) {
            return reach(() -> {
                if (who.equals(holder)) {
                    holder = null;
                }
                return null;
            });
        }

        @Override
        public Uni<String> holder() {
            return reach(() -> live() ? holder : null);
        }
    }

    /** Records what a lease told its listener. */
    static final class Events implements OwnerLease.Listener {
        final List<String> seen = new ArrayList<>();

        @Override
        public void acquired() {
            seen.add("acquired");
        }

        @Override
        public void lost(String why) {
            seen.add("lost: " + why);
        }
    }

    private OwnerLease lease(String name, Events events) {
        return new OwnerLease(key, name, TTL, clock, events);
    }

    @Test
    void theFirstPodAcquiresAndKeepsTheLeaseByRenewing() {
        Events events = new Events();
        OwnerLease a = lease("a", events);
        a.tick().await().indefinitely();
        assertTrue(a.owned());
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(5));
            a.tick().await().indefinitely();
            assertTrue(a.owned());
        }
        assertEquals(List.of("acquired"), events.seen);
    }

    @Test
    void aSecondPodWaitsWhileTheLeaseIsHeld() {
        OwnerLease a = lease("a", new Events());
        OwnerLease b = lease("b", new Events());
        a.tick().await().indefinitely();
        b.tick().await().indefinitely();
        assertTrue(a.owned());
        assertFalse(b.owned());
    }

    @Test
    void anOwnerThatCannotRenewStopsActingBeforeTheKeyLapses() {
        Events events = new Events();
        OwnerLease a = lease("a", events);
        a.tick().await().indefinitely();
        key.down = true;
        clock.advance(Duration.ofSeconds(5));
        a.tick().await().indefinitely();
        assertTrue(a.owned(), "one failed renewal is not yet a lost lease");
        assertEquals("connection refused", a.problem());
        clock.advance(Duration.ofSeconds(7)); // 12 s after the last renewal: past ttl - margin
        assertFalse(a.owned(), "stops acting by its own clock");
        assertTrue(clock.instant().isBefore(key.lapses), "...while the key still blocks every other pod");
        a.tick().await().indefinitely();
        assertEquals(List.of("acquired", "lost: the lease was not renewed in time"), events.seen);
    }

    @Test
    void anotherPodTakesOverOnceTheKeyLapsesAndTheOldOwnerLearnsIt() {
        Events aEvents = new Events();
        Events bEvents = new Events();
        OwnerLease a = lease("a", aEvents);
        OwnerLease b = lease("b", bEvents);
        a.tick().await().indefinitely();
        clock.advance(Duration.ofSeconds(16)); // a paused longer than the ttl
        b.tick().await().indefinitely();
        assertTrue(b.owned());
        assertFalse(a.owned());
        a.tick().await().indefinitely();
        assertFalse(a.owned());
        assertEquals(List.of("acquired", "lost: the lease was not renewed in time"), aEvents.seen);
        assertEquals(List.of("acquired"), bEvents.seen);
    }

    @Test
    void releasingHandsTheLeaseOverAtOnce() {
        Events events = new Events();
        OwnerLease a = lease("a", events);
        OwnerLease b = lease("b", new Events());
        a.tick().await().indefinitely();
        a.release().await().indefinitely();
        assertFalse(a.owned());
        b.tick().await().indefinitely();
        assertTrue(b.owned());
        assertEquals(List.of("acquired", "lost: released on stop"), events.seen);
    }

    @Test
    void neverTwoOwnersAtOnceThroughOutagesPausesAndRestartsOverManySeeds() {
        for (long seed = 1; seed <= 300; seed++) {
            Random random = new Random(seed);
            key.holder = null;
            key.down = false;
            List<OwnerLease> pods = List.of(lease("a", new Events()), lease("b", new Events()), lease("c", new Events()));
            for (int step = 0; step < 200; step++) {
                key.down = random.nextInt(10) == 0;
                OwnerLease pod = pods.get(random.nextInt(3));
                if (random.nextInt(20) == 0) {
                    pod.release().await().indefinitely();
                } else {
                    pod.tick().await().indefinitely();
                }
                clock.advance(Duration.ofMillis(random.nextInt(random.nextInt(10) == 0 ? 20_000 : 6_000)));
                long owners = pods.stream().filter(OwnerLease::owned).count();
                assertTrue(owners <= 1, "seed " + seed + ", step " + step + ": " + owners + " owners");
            }
        }
    }
}
