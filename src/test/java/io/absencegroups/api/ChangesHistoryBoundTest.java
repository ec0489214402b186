package io.absencegroups.api;

import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.Groups;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** With room for one tombstone, a consumer whose cursor predates a purged delete must reload. */
@QuarkusTest
@TestProfile(ChangesHistoryBoundTest.OneTombstone.class)
class ChangesHistoryBoundTest {

    public static class OneTombstone implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("protime.store.tombstone-max-count", "1");
        }
    }

    @Inject
    AbsenceGroupStore store;

    @Test
    void cursorOlderThanAPurgedDeleteIsGone() {
        store.apply(Groups.upsert(1, 0x10));
        store.apply(Groups.delete(2, 0x20));
        store.apply(Groups.delete(3, 0x30)); // pushes the tombstone of 2 out

        given().queryParam("after", Groups.version(0x10).text()).get("/absence-groups/changes")
                .then().statusCode(410)
                .contentType("application/problem+json")
                .body("status", equalTo(410))
                .body("type", equalTo("urn:absence-groups-cache:history-expired"))
                .body("detail", containsString("reload GET /absence-groups"));

        given().queryParam("after", Groups.version(0x20).text()).get("/absence-groups/changes")
                .then().statusCode(200).body("value.data.id", contains(3));
        given().get("/absence-groups/changes").then().statusCode(200)
                .body("value.data.id", contains(1, 3));
    }
}
