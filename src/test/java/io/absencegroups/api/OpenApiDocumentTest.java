package io.absencegroups.api;

import io.quarkus.test.junit.QuarkusTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

/**
 * {@code /q/openapi} as a client generator reads it: a valid OpenAPI document (swagger-parser finds
 * no error), in which every 2xx, 4xx and 5xx answer of every operation has a schema for each of its
 * media types, and every schema reference resolves. The simulator's endpoints exist only in dev and
 * test builds and are not part of the service's API: they are left out here, and
 * {@link OpenApiDocumentIT} checks the packaged app's document, which has none.
 */
@QuarkusTest
public class OpenApiDocumentTest {

    private static OpenAPI document() {
        String json = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().asString();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(json, null, options);
        // the simulator's endpoints: dev and test builds only (see the class comment)
        List<String> messages = result.getMessages().stream().filter(m -> !m.contains("'/simulator")).toList();
        assertThat("swagger-parser's messages", messages, empty());
        assertThat(result.getOpenAPI(), notNullValue());
        return result.getOpenAPI();
    }

    @Test
    void theDocumentIsValidAndListsTheServicesOperations() {
        OpenAPI openApi = document();
        assertThat(openApi.getPaths().keySet(), hasItems("/absence-groups", "/absence-groups/{id}", "/absence-groups/changes",
                "/subscription", "/subscription/sync", "/subscription/replace", "/webhooks/absence-groups"));
    }

    @Test
    void everyAnswerWithABodyOfEveryOperationHasASchema() {
        OpenAPI openApi = document();
        Map<String, Schema> components = openApi.getComponents() == null || openApi.getComponents().getSchemas() == null
                ? Map.of() : openApi.getComponents().getSchemas();
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, PathItem> path : openApi.getPaths().entrySet()) {
            if (path.getKey().startsWith("/simulator")) {
                continue; // dev and test builds only; see the class comment
            }
            for (Map.Entry<PathItem.HttpMethod, Operation> operation : path.getValue().readOperationsMap().entrySet()) {
                String name = operation.getKey() + " " + path.getKey();
                if (operation.getValue().getResponses() == null || operation.getValue().getResponses().isEmpty()) {
                    missing.add(name + ": no responses");
                    continue;
                }
                for (Map.Entry<String, ApiResponse> response : operation.getValue().getResponses().entrySet()) {
                    String code = response.getKey();
                    if (!(code.startsWith("2") || code.startsWith("4") || code.startsWith("5"))) {
                        continue;
                    }
                    String where = name + " " + code;
                    if (response.getValue().getContent() == null || response.getValue().getContent().isEmpty()) {
                        missing.add(where + ": no content");
                        continue;
                    }
                    for (Map.Entry<String, MediaType> media : response.getValue().getContent().entrySet()) {
                        checked++;
                        Schema<?> schema = media.getValue().getSchema();
                        if (schema == null) {
                            missing.add(where + " " + media.getKey() + ": no schema");
                        } else if (schema.get$ref() != null
                                && !components.containsKey(schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1))) {
                            missing.add(where + " " + media.getKey() + ": " + schema.get$ref() + " does not resolve");
                        }
                    }
                }
            }
        }
        assertThat("answers without a schema", missing, empty());
        assertThat("answers checked", checked, greaterThanOrEqualTo(20));
    }

    @Test
    void theProblemSchemaHasItsFields() {
        Schema<?> problem = document().getComponents().getSchemas().get("Problem");
        assertThat(problem, notNullValue());
        assertThat(problem.getProperties().keySet(), hasItems("type", "title", "status", "detail"));
        Schema<?> list = document().getComponents().getSchemas().get("AbsenceGroupList");
        assertThat(list.getProperties().keySet(), hasItems("value", "changeVersion", "cursor"));
    }
}
