package io.absencegroups.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.absencegroups.api.AbsenceGroupsApiTest.apply;
import static io.absencegroups.api.AbsenceGroupsApiTest.delete;
import static io.absencegroups.api.AbsenceGroupsApiTest.listCursor;
import static io.absencegroups.api.AbsenceGroupsApiTest.upsert;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** With room for one tombstone, a consumer whose cursor predates a purged delete must reload. */
@QuarkusTest
@TestProfile(ChangesHistoryBoundTest.OneTombstone.class)
public class ChangesHistoryBoundTest {

    public static class OneTombstone implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("protime.store.tombstone-max-count", "1");
        }
    }

    @Test
    void cursorOlderThanAPurgedDeleteIsGone() {
        apply(upsert(9001, "kept", "Absence"));
        String afterKept = listCursor();
        apply(delete(9002));
        String afterFirstDelete = listCursor();
        apply(delete(9003)); // pushes the tombstone of 9002 out

        given().queryParam("after", afterKept).get("/absence-groups/changes")
                .then().statusCode(410)
                .contentType("application/problem+json")
                .body("status", equalTo(410))
                .body("type", equalTo("urn:absence-groups-cache:cursor-expired"))
                .body("detail", containsString("no longer retained"))
                .body("detail", containsString("reload GET /absence-groups and follow the changes from its cursor"));

        given().queryParam("after", afterFirstDelete).get("/absence-groups/changes")
                .then().statusCode(200).body("value.data.id", contains(9003));
        given().queryParam("after", afterKept).queryParam("limit", 1).get("/absence-groups/changes")
                .then().statusCode(410);
    }
}
