package io.absencegroups.receiver;

import io.restassured.response.Response;

import static io.restassured.RestAssured.given;

/**
 * What the read API shows of the whole store: the list and its ETag. The ETag counts every
 * modification, so two equal states mean nothing was applied in between. Read over HTTP, so the
 * packaged app in an {@code *IT} test can be checked the same way.
 */
record StoreState(String etag, String body) {

    static StoreState read() {
        Response list = given().accept("application/json").get("/absence-groups");
        list.then().statusCode(200);
        return new StoreState(list.header("ETag"), list.asString());
    }
}
