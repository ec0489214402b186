package io.absencegroups.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Applies the generated manifests to a Kubernetes API (fabric8's mock server in CRUD mode), then the
 * manifests of the next version over them, as {@code kubectl apply} of a new release does.
 * <p>
 * The next version's manifests are this build's with the version string replaced: packaging with another
 * {@code quarkus.application.version} changes exactly the places that carry it (labels and the image tag).
 * The mock server stores and patches but does not enforce the API server's validation, so {@link #apply}
 * checks the two rules that refused the second deploy before: a Deployment's {@code spec.selector} is
 * immutable, and it must select the pods of its template.
 */
@EnableKubernetesMockClient(crud = true)
class ManifestUpgradeIT {

    private static final Path DIR = Path.of("target", "kubernetes");
    private static final String NAMESPACE = "absence-groups";
    private static final String NAME = "absence-groups-cache";
    private static final String VERSION_LABEL = "app.kubernetes.io/version";
    private static final ResourceDefinitionContext KNATIVE_SERVICE = new ResourceDefinitionContext.Builder()
            .withGroup("serving.knative.dev").withVersion("v1").withKind("Service").withPlural("services")
            .withNamespaced(true).build();

    KubernetesClient client;

    private static String manifest(String file) throws IOException {
        return Files.readString(DIR.resolve(file));
    }

    private String version(String kubernetesJson) {
        Deployment deployment = items(kubernetesJson).stream()
                .filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst().orElseThrow();
        return deployment.getMetadata().getLabels().get(VERSION_LABEL);
    }

    /** The manifests a build of the next version writes. */
    private static String nextVersion(String manifest, String version) {
        return manifest.replace(version, version + "-next");
    }

    /** The resources of a generated file (a JSON array), typed where the client knows the kind. */
    private List<HasMetadata> items(String manifest) {
        return client.load(new ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8))).items();
    }

    /**
     * {@code kubectl apply}: create, or update what is there (the mock answers server-side apply of a new
     * object with 404, so create-or-update it is), refused where the API server would refuse.
     */
    private void apply(List<HasMetadata> items) {
        for (HasMetadata item : items) {
            if (item instanceof Deployment deployment) {
                checkSelector(deployment, client.apps().deployments().inNamespace(NAMESPACE).withName(NAME).get());
            }
            client.resource(item).inNamespace(NAMESPACE).createOr(NonDeletingOperation::update);
        }
    }

    private static void checkSelector(Deployment next, Deployment live) {
        LabelSelector selector = next.getSpec().getSelector();
        Map<String, String> podLabels = next.getSpec().getTemplate().getMetadata().getLabels();
        selector.getMatchLabels().forEach((label, value) -> {
            if (!Objects.equals(podLabels.get(label), value)) {
                throw new Refused("spec.template.metadata.labels: Invalid value: `selector` does not match template `labels`");
            }
        });
        if (live != null && !live.getSpec().getSelector().equals(selector)) {
            throw new Refused("spec.selector: Invalid value: " + selector.getMatchLabels() + ": field is immutable");
        }
    }

    @Test
    void theNextVersionAppliesOverThisOne() throws IOException {
        String kubernetes = manifest("kubernetes.json");
        String version = version(kubernetes);

        apply(items(kubernetes));
        apply(items(nextVersion(kubernetes, version)));

        Deployment deployment = client.apps().deployments().inNamespace(NAMESPACE).withName(NAME).get();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(), endsWith(":" + version + "-next"));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels().get(VERSION_LABEL), equalTo(version + "-next"));
        assertThat(deployment.getSpec().getReplicas(), equalTo(1));
        assertThat(deployment.getSpec().getStrategy().getType(), equalTo("Recreate"));
        assertThat(client.services().inNamespace(NAMESPACE).withName(NAME).get().getSpec().getSelector().containsKey(VERSION_LABEL),
                equalTo(false));
        Ingress ingress = client.network().v1().ingresses().inNamespace(NAMESPACE).withName(NAME).get();
        assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getPath(), equalTo("/webhooks/absence-groups"));
        assertThat(ingress.getMetadata().getLabels().get(VERSION_LABEL), equalTo(version + "-next"));
    }

    @Test
    void theKnativeServiceOfTheNextVersionAppliesOverThisOne() throws IOException {
        String knative = manifest("knative.json");
        String version = version(manifest("kubernetes.json"));

        for (String manifest : List.of(knative, nextVersion(knative, version))) {
            GenericKubernetesResource service = (GenericKubernetesResource) items(manifest).get(0);
            client.genericKubernetesResources(KNATIVE_SERVICE).inNamespace(NAMESPACE).resource(service).createOr(NonDeletingOperation::update);
        }

        GenericKubernetesResource live = client.genericKubernetesResources(KNATIVE_SERVICE).inNamespace(NAMESPACE).withName(NAME).get();
        Map<String, Object> template = live.get("spec", "template");
        assertThat(String.valueOf(live.<Object>get("spec", "template", "spec", "containers", 0, "image")), endsWith(":" + version + "-next"));
        Map<String, String> annotations = live.get("spec", "template", "metadata", "annotations");
        assertThat(template.toString(), annotations.get("autoscaling.knative.dev/max-scale"), equalTo("1"));
        assertThat(annotations.get("autoscaling.knative.dev/min-scale"), equalTo("1"));
    }

    @Test
    void aVersionInTheSelectorIsRefusedOnTheSecondApply() throws IOException {
        // the shape the manifests had before: the version in the Deployment's selector
        String kubernetes = manifest("kubernetes.json");
        String version = version(kubernetes);
        List<HasMetadata> withVersionInSelector = items(kubernetes);
        withVersionInSelector.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .forEach(d -> d.getSpec().getSelector().getMatchLabels().put(VERSION_LABEL, version));
        apply(withVersionInSelector);

        List<HasMetadata> next = items(nextVersion(kubernetes, version));
        next.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .forEach(d -> d.getSpec().getSelector().getMatchLabels().put(VERSION_LABEL, version + "-next"));

        Refused refused = assertThrows(Refused.class, () -> apply(next));
        assertThat(refused.getMessage(), containsString("field is immutable"));
    }

    /** What the API server answers with 422. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }
}
