package io.absencegroups.access;

import io.absencegroups.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

/**
 * {@code protime.api.auth=none}, the default: everything answers as before, with or without a token, and
 * quarkus-oidc is off, so no identity provider had to be configured for this app to start.
 */
@QuarkusTest
class NoAuthTest {

    @Test
    void everyPathAnswersWithoutAToken() {
        given().get("/absence-groups").then().statusCode(200);
        given().get("/absence-groups/changes").then().statusCode(200);
        given().get("/subscription").then().statusCode(200).body("state", is("OFF"));
        given().get("/q/openapi").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aTokenIsNotLookedAt() {
        given().auth().oauth2("not-a-jwt").get("/absence-groups").then().statusCode(200);
        given().auth().oauth2(TestTokens.expired("reader")).get("/subscription").then().statusCode(200);
    }

    @Test
    void theTokenCheckIsOff() {
        assertThat(ConfigProvider.getConfig().getValue("protime.api.auth", String.class), equalTo("none"));
        assertThat(ConfigProvider.getConfig().getValue("quarkus.oidc.tenant-enabled", Boolean.class), is(false));
    }
}
