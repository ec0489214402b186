package io.absencegroups.watch;

import io.absencegroups.receiver.Deliveries;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;

/**
 * Signed deliveries for the watch tests, through the real receiver. Tests share one running app,
 * so versions are always above the store's high-water mark and ids come from a range of their own.
 */
final class Changes {

    private final List<String> items = new ArrayList<>();
    private BigInteger version = highWaterMark();

    static Changes of() {
        return new Changes();
    }

    /**
     * The store's cursor now, from the list of a type no group has: the list's cursor without its
     * groups, which some tests make large.
     */
    static String cursor() {
        return given().queryParam("type", "NoGroupHasThisType").get("/absence-groups").then().statusCode(200).extract().path("cursor");
    }

    Changes upsert(long id, String name, String type) {
        items.add("{\"changeType\":\"InsertOrUpdate\",\"data\":{\"id\":" + id + ",\"changeVersion\":\"" + nextVersion()
                + "\",\"name\":{\"default\":\"" + name + "\",\"translations\":{\"nl\":\"" + name + " (nl)\"}},\"type\":\"" + type + "\"}}");
        return this;
    }

    Changes upsert(long id, String name) {
        return upsert(id, name, "Absence");
    }

    Changes delete(long id) {
        items.add("{\"changeType\":\"Delete\",\"data\":{\"id\":" + id + ",\"changeVersion\":\"" + nextVersion() + "\"}}");
        return this;
    }

    /** POSTs the items as one signed delivery and expects them all applied. */
    void deliver() {
        Deliveries.post("[" + String.join(",", items) + "]").then().statusCode(200);
        items.clear();
    }

    private String nextVersion() {
        version = version.add(BigInteger.ONE);
        return String.format("%020X", version);
    }

    private static BigInteger highWaterMark() {
        String hwm = given().queryParam("type", "NoGroupHasThisType").get("/absence-groups").then().statusCode(200)
                .extract().path("changeVersion");
        return hwm == null ? BigInteger.ZERO : new BigInteger(hwm, 16);
    }
}
