package io.absencegroups.simulator;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/** The packaged (prod) build has no simulator: build-time conditions left it out. */
@QuarkusIntegrationTest
class SimulatorAbsentIT {

    @Test
    void simulatorEndpointsAreNotServed() {
        given().get("/simulator/control").then().statusCode(404);
        given().get("/simulator/control/truth").then().statusCode(404);
        given().formParam("grant_type", "client_credentials")
                .post("/simulator/tenants/demo/connect/token").then().statusCode(404);
        given().get("/simulator/connector/protimeapi/api/v1/absence-groups").then().statusCode(404);
    }

    @Test
    void simulatorIsNotInTheApiDescription() {
        given().get("/q/openapi").then().statusCode(200).body(not(containsString("/simulator")));
    }
}
