package io.absencegroups.receiver;

import io.absencegroups.api.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.smallrye.config.SmallRyeConfig;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.List;

/**
 * Describes the receiver in the OpenAPI document. The route is not a JAX-RS resource (its path is
 * a setting), so the scanner cannot see it; this filter adds it at startup, at the configured path.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class ReceiverOpenApi implements OASFilter {

    private static final String TAG = "webhook";

    private static final String DELIVERY_EXAMPLE = """
            {"changeType":"InsertOrUpdate","data":{"id":2,"changeVersion":"0000090200004BD0000A","name":{"default":"Sick","translations":{"nl":"Ziek"}},"type":"Absence"}}""";
    private static final String ANSWER_EXAMPLE = """
            {"applied":1,"ignored":0}""";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        // not a bean, so the mapping is looked up; it holds the path's default
        String path = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(ReceiverConfig.class).path();
        if (openAPI.getPaths() == null) {
            openAPI.setPaths(OASFactory.createPaths());
        }
        openAPI.addTag(OASFactory.createTag().name(TAG).description("Where myProtime delivers changes"));
        openAPI.getPaths().addPathItem(path, OASFactory.createPathItem().POST(OASFactory.createOperation()
                .operationId("receiveDelivery")
                .addTag(TAG)
                .summary("Receive a myProtime webhook delivery")
                .description("myProtime POSTs every change of an absence group here, signed with HMAC-SHA256 of the raw "
                        + "body (hex or base64, optional 'sha256=' prefix) in the header named by "
                        + "protime.webhook.signature-header, or in any header when that is unset. The body is one item "
                        + "{changeType, data}, an array of items, {\"value\":[items]}, or a bare group (InsertOrUpdate). "
                        + "Each item is applied with the changeVersion rule; the delivery is applied all or nothing.")
                .requestBody(OASFactory.createRequestBody().required(true).content(OASFactory.createContent()
                        .addMediaType("application/json", OASFactory.createMediaType()
                                .addExample("one item", OASFactory.createExample().value(DELIVERY_EXAMPLE)))))
                .responses(responses())));
    }

    private static APIResponses responses() {
        return OASFactory.createAPIResponses()
                .addAPIResponse("200", OASFactory.createAPIResponse()
                        .description("Accepted: how many items were applied, and how many ignored as duplicate or stale")
                        .content(OASFactory.createContent().addMediaType("application/json",
                                OASFactory.createMediaType().schema(answerSchema()).addExample("applied", OASFactory.createExample().value(ANSWER_EXAMPLE)))))
                .addAPIResponse("400", problem("Empty body, not JSON, not an accepted shape, an unknown changeType, or an "
                        + "item without id or with a malformed changeVersion; nothing is applied"))
                .addAPIResponse("401", problem("No valid signature (signature-mode=enforce); nothing is applied"))
                .addAPIResponse("408", problem("The body did not arrive whole within protime.webhook.body-timeout"))
                .addAPIResponse("413", problem("The body is larger than protime.webhook.max-body-size"))
                .addAPIResponse("415", problem("The Content-Type is not JSON"))
                .addAPIResponse("503", problem("The shared store (Redis backend) is unreachable; myProtime delivers again later"));
    }

    private static Schema answerSchema() {
        Schema count = OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER)).minimum(java.math.BigDecimal.ZERO);
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .addProperty("applied", count.description("Items applied: newer than what the store held"))
                .addProperty("ignored", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER)).minimum(java.math.BigDecimal.ZERO)
                        .description("Items ignored as duplicate or stale"))
                .required(List.of("applied", "ignored"));
    }

    private static org.eclipse.microprofile.openapi.models.responses.APIResponse problem(String description) {
        Content content = OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref("Problem")));
        return OASFactory.createAPIResponse().description(description).content(content);
    }
}
