package io.absencegroups.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Reads the JSON manifests that quarkus-kubernetes generated: one resource, a list, or an array of them. */
final class Manifests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Manifests() {
    }

    static List<JsonNode> resources(Path dir, String file) throws IOException {
        JsonNode root = JSON.readTree(Files.readString(dir.resolve(file)));
        if (!root.isArray() && !root.has("items")) {
            return List.of(root);
        }
        List<JsonNode> all = new ArrayList<>();
        (root.has("items") ? root.get("items") : root).forEach(all::add);
        return all;
    }

    /** The one resource of {@code kind}; fails when there is none or more than one. */
    static JsonNode only(List<JsonNode> resources, String kind) {
        List<JsonNode> found = resources.stream().filter(r -> kind.equals(r.path("kind").asText())).toList();
        assertThat(kind + " count", found.size(), equalTo(1));
        return found.get(0);
    }
}
