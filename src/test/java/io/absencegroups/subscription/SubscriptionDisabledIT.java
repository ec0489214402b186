package io.absencegroups.subscription;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link SubscriptionDisabledTest} against the packaged jar. */
@QuarkusIntegrationTest
class SubscriptionDisabledIT extends SubscriptionDisabledTest {
}
