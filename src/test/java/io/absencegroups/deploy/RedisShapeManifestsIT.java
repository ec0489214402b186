package io.absencegroups.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The redis shape's manifests: {@code ./mvnw package -Dquarkus.profile=redis
 * -Dquarkus.kubernetes.output-directory=target/kubernetes-redis}, which {@code .ci/run} runs before the build's
 * tests. Several replicas that are replaced one at a time, a disruption budget, Redis's address and password from
 * the Secret, and Knative allowed to scale to zero, with the ping that keeps the webhook renewed then.
 */
class RedisShapeManifestsIT {

    private static final Path DIR = Path.of("target", "kubernetes-redis");
    private static final String SECRET = "absence-groups-cache-credentials";

    @BeforeAll
    static void generated() {
        assumeTrue(Files.isDirectory(DIR), "NOT RUN: no redis-shape manifests in " + DIR + "; .ci/run generates them with "
                + "./mvnw package -Dquarkus.profile=redis -Dquarkus.kubernetes.output-directory=target/kubernetes-redis");
    }

    private static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }

    private static void assertRedisFromTheSecret(JsonNode container) {
        Map<String, JsonNode> env = env(container);
        assertThat(env.get("PROTIME_STORE_BACKEND").path("value").asText(), equalTo("redis"));
        assertThat(env.get("QUARKUS_REDIS_HOSTS").at("/valueFrom/secretKeyRef/name").asText(), equalTo(SECRET));
        assertThat(env.get("QUARKUS_REDIS_HOSTS").at("/valueFrom/secretKeyRef/key").asText(), equalTo("redis-url"));
        assertThat(env.get("QUARKUS_REDIS_PASSWORD").at("/valueFrom/secretKeyRef/name").asText(), equalTo(SECRET));
        assertThat(env.get("QUARKUS_REDIS_PASSWORD").at("/valueFrom/secretKeyRef/key").asText(), equalTo("redis-password"));
        assertThat("no Redis address or password written into the manifest",
                container.path("env").toString(), not(containsString("redis://")));
    }

    @Test
    void severalReplicasReplacedOneAtATimeWithADisruptionBudget() throws IOException {
        List<JsonNode> resources = Manifests.resources(DIR, "kubernetes.json");
        JsonNode deployment = Manifests.only(resources, "Deployment");
        assertThat(deployment.at("/spec/replicas").asInt(), equalTo(2));
        assertThat(deployment.at("/spec/strategy/type").asText(), equalTo("RollingUpdate"));
        assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asText(), equalTo("0"));
        assertThat(deployment.at("/spec/strategy/rollingUpdate/maxSurge").asText(), equalTo("1"));
        assertRedisFromTheSecret(deployment.at("/spec/template/spec/containers/0"));

        JsonNode budget = Manifests.only(resources, "PodDisruptionBudget");
        assertThat(budget.at("/spec/maxUnavailable").asInt(), equalTo(1));
        JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
        budget.at("/spec/selector/matchLabels").fields().forEachRemaining(label ->
                assertThat("the budget selects the Deployment's pods: " + label.getKey(),
                        podLabels.path(label.getKey()).asText(), equalTo(label.getValue().asText())));
    }

    @Test
    void knativeMayScaleToZeroAndAPingKeepsTheWebhookRenewed() throws IOException {
        JsonNode service = Manifests.only(Manifests.resources(DIR, "knative.json"), "Service");
        JsonNode annotations = service.at("/spec/template/metadata/annotations");
        assertThat(annotations.path("autoscaling.knative.dev/min-scale").asText(), equalTo("0"));
        assertThat(annotations.path("autoscaling.knative.dev/max-scale").asInt() > 1, equalTo(true));
        JsonNode container = service.at("/spec/template/spec/containers/0");
        assertRedisFromTheSecret(container);
        assertThat("probes on the container's port", container.toString(), not(containsString("\"port\":null")));

        String ping = Files.readString(Path.of("deploy", "knative", "renewal-ping.yaml"));
        assertThat(ping, containsString("kind: PingSource"));
        assertThat(ping, containsString("name: " + service.at("/metadata/name").asText()));
        assertThat(ping, containsString("uri: /subscription/check"));
    }
}
