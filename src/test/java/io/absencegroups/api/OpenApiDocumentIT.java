package io.absencegroups.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The packaged app's OpenAPI document: the same checks, on the build that ships (no simulator). */
@QuarkusIntegrationTest
class OpenApiDocumentIT extends OpenApiDocumentTest {
}
