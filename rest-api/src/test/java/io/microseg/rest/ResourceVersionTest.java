package io.microseg.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code resourceVersion} is a string on the wire, as in Kubernetes; a number is still accepted on input. */
class ResourceVersionTest extends SharedServer {

    @Test
    void answersCarryTheVersionAsAString() {
        JsonNode created = api.put("/api/v1/namespaces/rv-a", "{}").json().get("object");
        assertThat(created.get("resourceVersion").isTextual()).as(created.toString()).isTrue();
        JsonNode read = api.get("/api/v1/namespaces/rv-a").json();
        assertThat(read.get("resourceVersion").isTextual()).isTrue();
        assertThat(read.get("resourceVersion").asText()).matches("[0-9]+");
        assertThat(api.get("/api/v1/settings").json().get("resourceVersion").isTextual()).isTrue();
        assertThat(api.get("/api/v1/namespaces").json().toString()).doesNotContain("\"resourceVersion\":1");
    }

    @Test
    void aStringOrANumberIsAcceptedAsTheExpectedVersion() {
        String version = api.put("/api/v1/namespaces/rv-b", "{}").json().get("object").get("resourceVersion").asText();

        assertThat(api.put("/api/v1/namespaces/rv-b", "{\"labels\":{\"a\":\"1\"},\"resourceVersion\":\"" + version + "\"}")
                .status()).isEqualTo(200);
        String next = api.get("/api/v1/namespaces/rv-b").json().get("resourceVersion").asText();
        assertThat(api.put("/api/v1/namespaces/rv-b", "{\"labels\":{\"a\":\"2\"},\"resourceVersion\":" + next + "}")
                .status()).isEqualTo(200);
        assertThat(api.put("/api/v1/namespaces/rv-b", "{\"labels\":{\"a\":\"3\"},\"resourceVersion\":\"" + version + "\"}")
                .status()).isEqualTo(409);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"seven\"", "\"\"", "\"-1\"", "-1", "1.5", "true", "[1]", "{}", "\"1e3\"",
            "99999999999999999999999", "\"99999999999999999999999\""})
    void anythingElseIsAMalformedRequest(String value) {
        Api.Reply reply = api.put("/api/v1/namespaces/rv-c", "{\"resourceVersion\":" + value + "}");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("errors").get(0).get("field").asText()).isEqualTo("resourceVersion");
        assertThat(api.get("/api/v1/namespaces/rv-c").status()).isEqualTo(404);
    }
}
