package io.microseg.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A number or a boolean where the API wants a string is refused (found by OpenApiFuzzTest: tokens named 9223372036854775807). */
class ScalarCoercionTest extends SharedServer {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "application/json|{\"name\":9223372036854775807,\"role\":\"viewer\"}",
            "application/json|{\"name\":true,\"role\":\"viewer\"}",
            "application/json|{\"name\":\"ok-name\",\"role\":1.5}",
            "application/yaml|name: true\\nrole: viewer\\n",
            "application/yaml|name: 12345\\nrole: viewer\\n"})
    void aScalarOfAnotherTypeIsNoString(String type, String body) {
        Api.Reply reply = api.post("/api/v1/tokens", body.replace("\\n", "\n"), type);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(api.get("/api/v1/tokens").body()).doesNotContain("9223372036854775807").doesNotContain("\"true\"")
                .doesNotContain("12345");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "application/json|{\"labels\":{\"tier\":1}}",
            "application/yaml|labels:\\n  tier: 1.0\\n"})
    void labelValuesAreStringsAsInKubernetes(String type, String body) {
        Api.Reply reply = api.put("/api/v1/namespaces/coerce", body.replace("\\n", "\n"), type);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(api.get("/api/v1/namespaces/coerce").status()).isEqualTo(404);
    }
}
