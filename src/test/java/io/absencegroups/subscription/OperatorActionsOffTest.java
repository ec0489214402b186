package io.absencegroups.subscription;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** With the subscription off (the test profile's default) there is nothing to sync with or replace: 409. */
@QuarkusTest
class OperatorActionsOffTest {

    @Test
    void bothActionsAnswer409WhileTheSubscriptionIsOff() {
        for (String action : new String[] {"sync", "replace"}) {
            given().post("/subscription/" + action).then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("status", is(409))
                    .body("detail", containsString("cannot " + action + " now: the subscription is off"));
        }
    }
}
