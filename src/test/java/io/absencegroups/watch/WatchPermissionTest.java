package io.absencegroups.watch;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

/**
 * The stream is a Vert.x route, so it must sit behind the HTTP permissions like the JAX-RS feed on
 * the same path (with bearer auth, role reader): with the path denied, neither answers.
 */
@QuarkusTest
@TestProfile(WatchPermissionTest.Denied.class)
class WatchPermissionTest {

    public static class Denied implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.http.auth.permission.closed.paths", "/absence-groups/changes",
                    "quarkus.http.auth.permission.closed.policy", "deny");
        }
    }

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URL base;

    @Test
    void aDeniedPathDeniesTheStreamAsItDeniesTheFeed() {
        given().accept("application/json").get("/absence-groups/changes").then().statusCode(anyOf(is(401), is(403)));
        for (String uri : new String[]{"/absence-groups/changes", "/absence-groups/changes?watch=true"}) {
            try (EventStream stream = EventStream.open(vertx, base.getPort(), uri, Map.of())) {
                assertThat(uri, stream.status(), anyOf(is(401), is(403)));
            }
        }
        given().get("/absence-groups").then().statusCode(200);
    }
}
