package io.microseg.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.microseg.rest.http.AccessFeature;
import io.microseg.rest.http.OpenApiResource;
import jakarta.ws.rs.Path;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.Test;

/** The hand-written OpenAPI document and the resources agree: every method documented, nothing documented twice over. */
class OpenApiSyncTest {

    record Operation(String path, String method, Object role) {
    }

    static List<Operation> resourceOperations() {
        List<Operation> operations = new ArrayList<>();
        for (Class<?> type : RestServer.RESOURCE_CLASSES) {
            Resource resource = Resource.from(type);
            collect(resource.getPath(), resource, operations);
        }
        return operations;
    }

    private static void collect(String prefix, Resource resource, List<Operation> operations) {
        for (ResourceMethod method : resource.getResourceMethods()) {
            var javaMethod = method.getInvocable().getDefinitionMethod();
            operations.add(new Operation(normalize(prefix), method.getHttpMethod().toLowerCase(Locale.ROOT),
                    AccessFeature.required(javaMethod).map(Object::toString).orElse("public")));
        }
        for (Resource child : resource.getChildResources()) {
            collect(prefix + "/" + child.getPath(), child, operations);
        }
    }

    private static String normalize(String path) {
        String joined = ("/" + path).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    static JsonNode document() throws Exception {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(OpenApiResource.RESOURCE)) {
            return Api.JSON.readTree(in);
        }
    }

    @Test
    void everyResourceMethodIsDocumentedWithItsRole() throws Exception {
        JsonNode paths = document().get("paths");
        for (Operation operation : resourceOperations()) {
            JsonNode documented = paths.path(operation.path()).path(operation.method());
            assertThat(documented.isObject()).as(operation + " is documented").isTrue();
            String role = documented.path("x-microseg-role").asText("public");
            assertThat(role).as(operation + " role").isEqualTo(operation.role());
        }
    }

    @Test
    void everyDocumentedOperationExists() throws Exception {
        List<String> served = resourceOperations().stream().map(o -> o.method() + " " + o.path()).toList();
        List<String> documented = new ArrayList<>();
        for (var path : document().get("paths").properties()) {
            path.getValue().fieldNames().forEachRemaining(method -> documented.add(method + " " + path.getKey()));
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
    }

    @Test
    void everyResourceClassIsRegistered() throws Exception {
        java.nio.file.Path classes = java.nio.file.Path.of(OpenApiResource.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI()).resolve("io/microseg/rest/http");
        try (Stream<java.nio.file.Path> files = Files.list(classes)) {
            List<Class<?>> annotated = new ArrayList<>();
            for (java.nio.file.Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".class") && !name.contains("$")) {
                    Class<?> type = Class.forName("io.microseg.rest.http." + name.replace(".class", ""));
                    if (type.isAnnotationPresent(Path.class)) {
                        annotated.add(type);
                    }
                }
            }
            assertThat(RestServer.RESOURCE_CLASSES).containsExactlyInAnyOrderElementsOf(annotated);
        }
    }
}
