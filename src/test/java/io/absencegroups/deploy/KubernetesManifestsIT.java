package io.absencegroups.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Reads the manifests that {@code ./mvnw package} generated (an IT, because they exist only
 * after packaging) and checks what the deployment relies on.
 */
class KubernetesManifestsIT {

    private static final Path DIR = Path.of("target", "kubernetes");
    private static final String VERSION_LABEL = "app.kubernetes.io/version";

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText(null)));
        return env;
    }

    private static List<String> kinds(List<JsonNode> resources) {
        return resources.stream().map(r -> r.path("kind").asText()).toList();
    }

    private static void assertProbes(JsonNode container, boolean startup) {
        assertThat(container.at("/livenessProbe/httpGet/path").asText(), equalTo("/q/health/live"));
        assertThat(container.at("/readinessProbe/httpGet/path").asText(), equalTo("/q/health/ready"));
        if (startup) {
            assertThat(container.at("/startupProbe/httpGet/path").asText(), equalTo("/q/health/started"));
        }
    }

    private static void assertCredentialsFromSecretAndSettingsFromConfigMap(JsonNode container) {
        List<String> secrets = new ArrayList<>();
        List<String> configMaps = new ArrayList<>();
        container.path("envFrom").forEach(source -> {
            if (source.has("secretRef")) {
                secrets.add(source.at("/secretRef/name").asText());
            }
            if (source.has("configMapRef")) {
                configMaps.add(source.at("/configMapRef/name").asText());
            }
        });
        assertThat(secrets, containsInAnyOrder("absence-groups-cache-credentials"));
        assertThat(configMaps, containsInAnyOrder("absence-groups-cache-config"));
        container.path("env").forEach(env -> assertThat("no literal secret in env: " + env,
                env.path("name").asText().toUpperCase().contains("SECRET") && env.has("value"), equalTo(false)));
    }

    private static void assertResources(JsonNode container) {
        for (String bound : List.of("requests", "limits")) {
            assertThat(container.at("/resources/" + bound + "/cpu"), notNullValue());
            assertThat(container.at("/resources/" + bound + "/memory").asText(), org.hamcrest.Matchers.endsWith("Mi"));
        }
    }

    @Test
    void kubernetesRunsOneReplicaWithProbesSecretsAndTime() throws IOException {
        List<JsonNode> resources = Manifests.resources(DIR, "kubernetes.json");
        JsonNode deployment = Manifests.only(resources, "Deployment");
        assertThat(deployment.at("/spec/replicas").asInt(), equalTo(1));
        assertThat(deployment.at("/spec/strategy/type").asText(), equalTo("Recreate"));
        JsonNode pod = deployment.at("/spec/template/spec");
        assertThat(pod.at("/terminationGracePeriodSeconds").asInt(), greaterThanOrEqualTo(30));
        JsonNode container = pod.at("/containers/0");
        assertProbes(container, true);
        assertCredentialsFromSecretAndSettingsFromConfigMap(container);
        assertResources(container);
        assertThat("no ServiceMonitor unless asked for", kinds(resources).contains("ServiceMonitor"), equalTo(false));
    }

    @Test
    void theDisruptionBudgetNeverBlocksADrainOfTheOnePod() throws IOException {
        List<JsonNode> resources = Manifests.resources(DIR, "kubernetes.json");
        JsonNode budget = Manifests.only(resources, "PodDisruptionBudget");
        assertThat(budget.at("/spec/maxUnavailable").asInt(), equalTo(1));
        assertThat(budget.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText(), equalTo("absence-groups-cache"));
    }

    @Test
    void onlyTheReceiverIsExposedPublicly() throws IOException {
        JsonNode ingress = Manifests.only(Manifests.resources(DIR, "kubernetes.json"), "Ingress");
        List<String> paths = new ArrayList<>();
        ingress.at("/spec/rules").forEach(rule -> rule.at("/http/paths").forEach(p -> paths.add(p.path("path").asText())));
        assertThat(paths, containsInAnyOrder("/webhooks/absence-groups"));
    }

    @Test
    void theIngressNamesItsClassAndServesTheReceiverOverTls() throws IOException {
        JsonNode ingress = Manifests.only(Manifests.resources(DIR, "kubernetes.json"), "Ingress");
        assertThat(ingress.at("/spec/ingressClassName").asText(), not(emptyString()));
        List<String> ruleHosts = new ArrayList<>();
        ingress.at("/spec/rules").forEach(rule -> ruleHosts.add(rule.path("host").asText()));
        assertThat(ruleHosts, contains("absence-groups-cache.example.com"));
        JsonNode tls = ingress.at("/spec/tls");
        assertThat(tls.size(), equalTo(1));
        assertThat(tls.at("/0/secretName").asText(), not(emptyString()));
        List<String> tlsHosts = new ArrayList<>();
        tls.at("/0/hosts").forEach(host -> tlsHosts.add(host.asText()));
        assertThat("every host of a rule has a certificate", tlsHosts, equalTo(ruleHosts));
    }

    @Test
    void selectorsLeaveTheVersionOutSoTheNextVersionApplies() throws IOException {
        List<JsonNode> resources = Manifests.resources(DIR, "kubernetes.json");
        JsonNode deployment = Manifests.only(resources, "Deployment");
        JsonNode selector = deployment.at("/spec/selector/matchLabels");
        JsonNode service = Manifests.only(resources, "Service").at("/spec/selector");
        for (JsonNode labels : List.of(selector, service)) {
            assertThat(labels.toString(), labels.has(VERSION_LABEL), equalTo(false));
            assertThat(labels.toString(), labels.size(), greaterThanOrEqualTo(1));
        }
        JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
        selector.fields().forEachRemaining(label ->
                assertThat("the pods carry the selector's " + label.getKey(), podLabels.path(label.getKey()), equalTo(label.getValue())));
        assertThat("the version stays a label", podLabels.path(VERSION_LABEL).asText(), not(emptyString()));
    }

    @Test
    void nothingFromTheBuildMachineOrTheBuildTime() throws IOException {
        String projectDir = Path.of("").toAbsolutePath().toString();
        for (String file : List.of("kubernetes.json", "knative.json", "kubernetes.yml", "knative.yml")) {
            String text = Files.readString(DIR.resolve(file));
            assertThat(file, text, not(containsString(projectDir)));
            assertThat(file, text, not(containsString("file:")));
            assertThat(file, text, not(containsString("build-timestamp")));
            assertThat(file, text, not(containsString("vcs-uri")));
            assertThat(file, text, not(containsString(": null")));
        }
    }

    @Test
    void everyProbeUsesTheContainersPort() throws IOException {
        JsonNode deployment = Manifests.only(Manifests.resources(DIR, "kubernetes.json"), "Deployment");
        JsonNode knative = Manifests.only(Manifests.resources(DIR, "knative.json"), "Service");
        for (JsonNode container : List.of(deployment.at("/spec/template/spec/containers/0"), knative.at("/spec/template/spec/containers/0"))) {
            int containerPort = container.at("/ports/0/containerPort").asInt();
            assertThat(containerPort, greaterThan(0));
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                if (container.has(probe)) {
                    JsonNode port = container.at("/" + probe + "/httpGet/port");
                    assertThat(probe + " port " + port, port.isInt() && port.asInt() == containerPort, equalTo(true));
                }
            }
        }
    }

    @Test
    void knativeIsPinnedToOneInstance() throws IOException {
        List<JsonNode> resources = Manifests.resources(DIR, "knative.json");
        JsonNode service = Manifests.only(resources, "Service");
        JsonNode annotations = service.at("/spec/template/metadata/annotations");
        assertThat(annotations.path("autoscaling.knative.dev/min-scale").asText(), equalTo("1"));
        assertThat(annotations.path("autoscaling.knative.dev/max-scale").asText(), equalTo("1"));
        JsonNode container = service.at("/spec/template/spec/containers/0");
        assertProbes(container, false);
        assertCredentialsFromSecretAndSettingsFromConfigMap(container);
        assertResources(container);
        assertThat("Knative is public as a whole: the read API needs a bearer token there",
                env(container).get("PROTIME_API_AUTH"), equalTo("bearer"));
        assertThat("nothing that changes cluster-wide Knative settings",
                resources.stream().filter(r -> r.at("/metadata/namespace").asText().startsWith("knative")).toList(), empty());
    }
}
