package io.microseg.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A body that parses as YAML/JSON but is no Kubernetes object or List is refused as a whole (422), never "imported nothing". */
class ImportShapeTest extends SharedServer {

    @ParameterizedTest
    @ValueSource(strings = {"hello", "42", "3.5", "true", "- 1\n- 2\n", "- kind: Pod\n", "foo: bar\n",
            "kind: 7\nmetadata: {name: x}\n", "kind: Pod\n---\nplain words\n", "kind: List\nitems: [1, 2]\n",
            "kind: List\nitems: 3\n", "kind: List\n", "kind: List\nitems: []\n"})
    void yamlThatIsNoKubernetesObjectIs422(String yaml) {
        long before = revision();
        Api.Reply reply = api.post("/api/v1/import/kubernetes", yaml, "application/yaml");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(revision()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"hello\"", "42", "[1,2]", "{\"foo\":\"bar\"}", "null"})
    void jsonThatIsNoKubernetesObjectIs422(String json) {
        Api.Reply reply = api.post("/api/v1/import/kubernetes", json);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kind: Namespace\nmetadata: {name: shape-a}\n",
            "apiVersion: v1\nkind: List\nitems:\n- kind: Namespace\n  metadata: {name: shape-b}\n"})
    void aKubernetesObjectOrListIsImported(String yaml) {
        Api.Reply reply = api.post("/api/v1/import/kubernetes", yaml, "application/yaml");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().get("created").get("namespaces").asInt()).isEqualTo(1);
    }

    private static long revision() {
        return api.get("/api/v1/status").json().path("modelRevision").asLong();
    }
}
