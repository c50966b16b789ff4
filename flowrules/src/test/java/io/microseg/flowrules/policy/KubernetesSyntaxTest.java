package io.microseg.flowrules.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KubernetesSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {"app", "env", "tier", "a", "A-b_c.d", "app.kubernetes.io/name", "kubernetes.io/metadata.name",
        "example.com/x", "0a"})
    void validLabelKeys(String key) {
        assertThat(KubernetesSyntax.labelKeyProblems("k", key)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-app", "app-", "a b", "a/b/c", "/app", "Example.com/app", "example.com/", "app!",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void invalidLabelKeys(String key) {
        assertThat(KubernetesSyntax.labelKeyProblems("k", key)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "prod", "Prod_1", "a.b-c", "7"})
    void validLabelValues(String value) {
        assertThat(KubernetesSyntax.labelValueProblems("v", value)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-prod", "prod.", "pro d", "prod/1",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void invalidLabelValues(String value) {
        assertThat(KubernetesSyntax.labelValueProblems("v", value)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "serve-80-tcp", "h2c", "metrics"})
    void validPortNames(String name) {
        assertThat(KubernetesSyntax.portNameProblems("p", name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "8080", "HTTP", "-http", "http-", "ht--tp", "a-very-long-port-name"})
    void invalidPortNames(String name) {
        assertThat(KubernetesSyntax.portNameProblems("p", name)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Web", "web_1", "-web", "web."})
    void invalidObjectNames(String name) {
        assertThat(KubernetesSyntax.objectNameProblems("n", name)).hasSize(1);
    }
}
