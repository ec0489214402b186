package io.absencegroups.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The history bound against the packaged app, started with the test profile's override. */
@QuarkusIntegrationTest
class ChangesHistoryBoundIT extends ChangesHistoryBoundTest {
}
