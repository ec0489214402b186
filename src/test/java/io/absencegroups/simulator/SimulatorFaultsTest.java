package io.absencegroups.simulator;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The fault settings make the simulator misbehave on its own, for a developer to watch. */
@QuarkusTest
@TestProfile(SimulatorFaultsTest.Faulty.class)
class SimulatorFaultsTest {

    public static class Faulty implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("protime.simulator.outage-every", "2s",
                    "protime.simulator.outage-duration", "PT1H",
                    "protime.simulator.disable-webhooks-every", "2s");
        }
    }

    @Inject
    SimulatedTenant tenant;

    @Test
    void outagesAndDisabledWebhooksComeOnTheirOwn() {
        SimulatedTenant.Webhook webhook = tenant.createWebhook("https://example.com/hook", "absence-groups");
        assertThat(tenant.isDown(), equalTo(false));
        await().atMost(Duration.ofSeconds(10)).until(tenant::isDown);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> tenant.webhook(webhook.id()).orElseThrow().status().equals("Disabled"));
    }
}
