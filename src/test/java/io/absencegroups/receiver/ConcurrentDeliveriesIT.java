package io.absencegroups.receiver;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The concurrency test against the packaged app. */
@QuarkusIntegrationTest
class ConcurrentDeliveriesIT extends ConcurrentDeliveriesTest {
}
