package io.microseg.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestReaderTest {

    private static List<String> problems(String text) {
        try {
            ManifestReader.read("m.yaml", text);
        } catch (ManifestException e) {
            return e.problems();
        }
        throw new AssertionError("no problems in " + text);
    }

    @Test
    void readsOurObjectsFromSeveralDocuments() {
        List<ManifestObject> objects = ManifestReader.read("m.yaml", """
                apiVersion: microseg.io/v1
                kind: Namespace
                metadata: {name: prod, labels: {env: prod}}
                ---
                apiVersion: microseg.io/v1
                kind: Workload
                metadata:
                  name: web1
                  labels: {app: web}
                spec:
                  labels: {tier: front}
                  ips: [10.0.0.1]
                ---
                apiVersion: microseg.io/v1
                kind: Policy
                metadata: {name: web-tier}
                spec: {tier: application, priority: 100, appliedTo: {segment: web}}
                ---
                apiVersion: microseg.io/v1
                kind: Settings
                spec: {defaultPosture: deny}
                """);
        assertThat(objects).extracting(ManifestObject::display)
                .containsExactly("namespace/prod", "workload/default/web1", "policy/web-tier", "settings");
        ManifestObject.Native namespace = (ManifestObject.Native) objects.get(0);
        assertThat(namespace.path()).isEqualTo("/api/v1/namespaces/prod");
        assertThat(namespace.body().toString()).isEqualTo("{\"labels\":{\"env\":\"prod\"}}");
        ManifestObject.Native workload = (ManifestObject.Native) objects.get(1);
        assertThat(workload.path()).isEqualTo("/api/v1/workloads/default/web1");
        assertThat(workload.body().path("labels").toString()).isEqualTo("{\"tier\":\"front\",\"app\":\"web\"}");
        assertThat(((ManifestObject.Native) objects.get(3)).path()).isEqualTo("/api/v1/settings");
        assertThat(objects.get(2).origin()).isEqualTo("m.yaml document 3");
    }

    @Test
    void readsKubernetesObjectsAndListsApartFromOurs() {
        List<ManifestObject> objects = ManifestReader.read("k.yaml", """
                apiVersion: v1
                kind: List
                items:
                - apiVersion: v1
                  kind: Namespace
                  metadata: {name: prod}
                - apiVersion: v1
                  kind: Pod
                  metadata: {name: web1, namespace: prod, labels: {app: web}}
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: db}
                spec: {podSelector: {}}
                ---
                apiVersion: microseg.io/v1
                kind: Segment
                metadata: {name: web}
                spec: {workloadSelector: {matchLabels: {app: web}}}
                """);
        assertThat(objects).extracting(ManifestObject::display)
                .containsExactly("namespace/prod", "pod/prod/web1", "networkpolicy/default/db", "segment/web");
        assertThat(objects.subList(0, 3)).allMatch(ManifestObject.Kubernetes.class::isInstance);
        assertThat(objects.get(1).origin()).isEqualTo("k.yaml document 1 item 2");
        assertThat(objects.get(3)).isInstanceOf(ManifestObject.Native.class);
    }

    @Test
    void readsJson() {
        List<ManifestObject> objects = ManifestReader.read("m.json", """
                {"apiVersion":"microseg.io/v1","kind":"Tiers","spec":[{"name":"security","order":100}]}
                {"apiVersion":"microseg.io/v1","kind":"Enforcement","metadata":{"name":"all"},"spec":{"mode":"monitor"}}
                """);
        assertThat(objects).extracting(ManifestObject::display).containsExactly("tiers", "enforcement/all");
        assertThat(((ManifestObject.Native) objects.get(0)).body().toString())
                .isEqualTo("{\"tiers\":[{\"name\":\"security\",\"order\":100}]}");
    }

    @Test
    void namesEveryBadDocumentByIndexAndReason() {
        assertThat(problems("""
                just a string
                ---
                kind: Policy
                metadata: {name: a}
                ---
                apiVersion: microseg.io/v2
                kind: Policy
                ---
                apiVersion: microseg.io/v1
                kind: Polciy
                metadata: {name: a}
                ---
                apiVersion: microseg.io/v1
                kind: Segment
                spec: {}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: s}
                ---
                apiVersion: microseg.io/v1
                kind: Policy
                metadata: {name: p, namespace: prod, labels: {a: b}}
                spec: [1]
                status: {}
                """)).containsExactly(
                "m.yaml document 1: not an object (a mapping with apiVersion, kind and metadata)",
                "m.yaml document 2: apiVersion is required (microseg.io/v1 for our objects, v1 or networking.k8s.io/v1"
                        + " for Kubernetes ones)",
                "m.yaml document 3: unknown apiVersion 'microseg.io/v2' (microseg.io/v1, v1 or networking.k8s.io/v1)",
                "m.yaml document 4: unknown kind 'Polciy' for microseg.io/v1 (one of Settings, Tiers, Namespace, "
                        + "Segment, Workload, Enforcement, Policy)",
                "m.yaml document 5: metadata.name is required",
                "m.yaml document 6: Kubernetes kind 'Service' is not imported (Namespace, Pod, NetworkPolicy)",
                "m.yaml document 7: unknown field status",
                "m.yaml document 7: metadata.namespace is only for Workload, not Policy",
                "m.yaml document 7: spec must be a mapping (the REST body of policies)");
    }

    @Test
    void malformedYamlNamesTheDocumentAndLine() {
        List<String> problems = problems("""
                apiVersion: microseg.io/v1
                kind: Namespace
                metadata: {name: a}
                ---
                apiVersion: microseg.io/v1
                kind: Namespace
                metadata: {name: b
                """);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("m.yaml document 2: malformed YAML: ").contains("(line ");
    }

    @Test
    void duplicateKeysAndDuplicateObjectsAreProblems() {
        assertThat(problems("""
                apiVersion: microseg.io/v1
                kind: Namespace
                kind: Namespace
                """).get(0)).startsWith("m.yaml document 1: malformed YAML: Duplicate field 'kind'");
        assertThat(problems("""
                apiVersion: microseg.io/v1
                kind: Workload
                metadata: {name: a}
                ---
                apiVersion: microseg.io/v1
                kind: Workload
                metadata: {name: a, namespace: default}
                """)).containsExactly("m.yaml document 2: workload/default/a is also in m.yaml document 1");
    }

    @Test
    void conflictingLabelsAreAProblem() {
        assertThat(problems("""
                apiVersion: microseg.io/v1
                kind: Workload
                metadata: {name: a, labels: {app: web, port: 80}}
                spec: {labels: {app: db}}
                """)).containsExactly(
                "m.yaml document 1: label app is 'web' in metadata.labels but \"db\" in spec.labels",
                "m.yaml document 1: metadata.labels.port must be a string (quote it)");
    }

    @Test
    void emptyManifestsAreAProblem() {
        assertThatThrownBy(() -> ManifestReader.read("e.yaml", "---\n# nothing\n"))
                .isInstanceOf(ManifestException.class).hasMessage("no objects in e.yaml");
    }

    @Test
    void singletonsTakeNoName() {
        assertThat(problems("""
                apiVersion: microseg.io/v1
                kind: Tiers
                metadata: {name: t}
                spec: {tiers: []}
                """)).containsExactly("m.yaml document 1: Tiers is a singleton and takes no metadata.name");
    }
}
