package io.absencegroups.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The read API tests against the packaged app. */
@QuarkusIntegrationTest
class AbsenceGroupsApiIT extends AbsenceGroupsApiTest {
}
