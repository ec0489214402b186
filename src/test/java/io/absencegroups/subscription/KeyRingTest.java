package io.absencegroups.subscription;

import io.absencegroups.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KeyRingTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final KeyRing ring = new KeyRing(clock);

    private static byte[] key(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void bothKeysVerifyDuringTheGracePeriodAndTheOldOneGoesAfterIt() {
        ring.add("old", key("old-secret"));
        ring.add("new", key("new-secret"));
        ring.retireAfter("old", Duration.ofMinutes(5));
        assertThat(ring.names(), contains("old", "new"));
        clock.advance(Duration.ofMinutes(4));
        assertThat(ring.names(), contains("old", "new"));
        clock.advance(Duration.ofMinutes(1));
        assertThat(ring.names(), contains("new"));
    }

    @Test
    void addingUnderAnExistingNameReplacesTheKey() {
        ring.add("static", key("a"));
        ring.add("static", key("b"));
        assertThat(ring.activeKeys().size(), org.hamcrest.Matchers.is(1));
        assertThat(new String(ring.activeKeys().get(0).spec().getEncoded(), StandardCharsets.UTF_8),
                org.hamcrest.Matchers.is("b"));
    }

    @Test
    void removeDropsAtOnce() {
        ring.add("a", key("a"));
        ring.remove("a");
        assertThat(ring.activeKeys(), empty());
    }

    @Test
    void emptyKeysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ring.add("a", new byte[0]));
    }

    @Test
    void keysNeverShowInTheirTextForm() {
        ring.add("webhook-1", key("top-secret-key"));
        assertThat(ring.activeKeys().toString(), not(containsString("top-secret-key")));
        assertThat(ring.activeKeys().toString(), containsString("webhook-1"));
    }
}
