package io.microseg.rest.dto;

import java.util.Map;

/** {@code PUT /namespaces/{name}}: {@code {"labels":{...}}}. */
public record NamespaceDto(String name, Map<String, String> labels, Long resourceVersion) {

    public NamespaceDto {
        labels = Nulls.map(labels);
    }

    public NamespaceDto withIdentity(String newName, Long version) {
        return new NamespaceDto(newName, labels, version);
    }
}
