package io.absencegroups.watch;

import io.absencegroups.webhook.Deliveries;

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

    static Changes of() {
        return new Changes();
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

    private static BigInteger last = BigInteger.ZERO;

    private static synchronized String nextVersion() {
        String hwm = given().get("/absence-groups").then().statusCode(200).extract().path("changeVersion");
        last = last.max(hwm == null ? BigInteger.ZERO : new BigInteger(hwm, 16)).add(BigInteger.ONE);
        return String.format("%020X", last);
    }
}
