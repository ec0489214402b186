package io.absencegroups.receiver;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The slow-client tests against the packaged app. */
@QuarkusIntegrationTest
class SlowClientIT extends SlowClientTest {
}
