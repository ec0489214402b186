package io.absencegroups.webhook;

import static io.restassured.RestAssured.given;

/** Reads one sample from {@code /q/metrics}, for before/after comparisons. */
final class Metrics {

    private Metrics() {
    }

    /**
     * The value of the sample called {@code name} whose labels include every {@code key="value"}
     * in {@code labels}; 0 when there is none yet.
     */
    static double value(String name, String... labels) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : text.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean matches = true;
            for (String label : labels) {
                matches &= line.contains(label);
            }
            if (matches) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
