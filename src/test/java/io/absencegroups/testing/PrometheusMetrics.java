package io.absencegroups.testing;

import static io.restassured.RestAssured.given;

/** Reads one value from {@code /q/metrics}, so a test can compare a counter before and after. */
public final class PrometheusMetrics {

    private PrometheusMetrics() {
    }

    /**
     * The value of the series {@code name} whose labels include every {@code label="value"} given
     * (e.g. {@code outcome="success"}), or 0 when there is none yet.
     */
    public static double value(String name, String... labels) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : body.split("\n")) {
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
