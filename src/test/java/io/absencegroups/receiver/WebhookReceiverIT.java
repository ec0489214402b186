package io.absencegroups.receiver;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The receiver's HTTP tests against the packaged app. */
@QuarkusIntegrationTest
class WebhookReceiverIT extends WebhookReceiverTest {
}
