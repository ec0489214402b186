package io.absencegroups.health;

import io.absencegroups.subscription.ManagedWebhook;
import io.absencegroups.subscription.SubscriptionState;
import io.absencegroups.subscription.SubscriptionStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** When the read API may serve: the rule, for both backends, without booting Quarkus. */
class FirstSyncGateTest {

    private static final Instant T = Instant.parse("2026-12-02T10:00:00Z");
    private static final ManagedWebhook CREATED = new ManagedWebhook("w-1", T, T.plusSeconds(3600), "Enabled", null);
    private static final ManagedWebhook SYNCED = new ManagedWebhook("w-1", T, T.plusSeconds(3600), "Enabled", T.plusSeconds(2));

    private static SubscriptionStatus status(SubscriptionState state, String reason, ManagedWebhook webhook) {
        return new SubscriptionStatus(state, reason, webhook, null, null, null, new SubscriptionStatus.Counters(0, 0, 0, 0, 0, 0));
    }

    @Test
    void withTheSubscriptionOffTheReadsServeAtOnce() {
        assertThat(FirstSyncGate.reason(status(SubscriptionState.OFF, null, null), null, null, false), equalTo(Optional.empty()));
        assertThat(FirstSyncGate.reason(status(SubscriptionState.OFF, null, null), false, "not connected yet", false), equalTo(Optional.empty()));
    }

    @Test
    void memoryBackendWaitsForASyncInThisProcess() {
        Optional<String> creating = FirstSyncGate.reason(status(SubscriptionState.CREATING, "creating the first webhook", null), null, null, false);
        assertThat(creating.orElseThrow(), allOf(containsString("first full sync has not finished"),
                containsString("CREATING"), containsString("creating the first webhook")));
        assertThat(FirstSyncGate.reason(status(SubscriptionState.SYNCING, null, CREATED), null, null, false).isPresent(), equalTo(true));
        assertThat(FirstSyncGate.reason(status(SubscriptionState.SYNCING, null, CREATED), null, null, true), equalTo(Optional.empty()));
        assertThat(FirstSyncGate.reason(status(SubscriptionState.ACTIVE, null, SYNCED), null, null, false), equalTo(Optional.empty()));
    }

    @Test
    void notConfiguredSaysWhatToSet() {
        Optional<String> why = FirstSyncGate.reason(status(SubscriptionState.NOT_CONFIGURED, "not configured: set protime.upstream.base-url", null),
                null, null, false);
        assertThat(why.orElseThrow(), containsString("protime.upstream.base-url"));
    }

    @Test
    void redisBackendServesTheSharedStateOnceItsCopyLoadedAndTheOwnerRecordedASync() {
        // the owner (another pod) recorded a synced webhook, but this pod's copy is still loading
        Optional<String> loading = FirstSyncGate.reason(status(SubscriptionState.ACTIVE, null, SYNCED), false, "Redis: connection refused", false);
        assertThat(loading.orElseThrow(), allOf(containsString("has not loaded the shared log"), containsString("connection refused")));
        // loaded, and another pod synced the shared store: serve, though this pod never synced
        assertThat(FirstSyncGate.reason(status(SubscriptionState.ACTIVE, null, SYNCED), true, null, false), equalTo(Optional.empty()));
        // a record that went stale still names the synced webhook: the shared copy was complete
        assertThat(FirstSyncGate.reason(status(SubscriptionState.NOT_STARTED, "the owner has not recorded", SYNCED), true, null, false),
                equalTo(Optional.empty()));
        // loaded, but no pod has taken the lease or finished a sync yet
        assertThat(FirstSyncGate.reason(status(SubscriptionState.NOT_STARTED, "no pod has taken the subscription lease yet", null), true, null, false)
                .orElseThrow(), containsString("no pod has taken the subscription lease yet"));
        assertThat(FirstSyncGate.reason(status(SubscriptionState.SYNCING, null, CREATED), true, null, false).isPresent(), equalTo(true));
        // this pod is the owner and its sync finished
        assertThat(FirstSyncGate.reason(status(SubscriptionState.SYNCING, null, CREATED), true, null, true), equalTo(Optional.empty()));
    }
}
