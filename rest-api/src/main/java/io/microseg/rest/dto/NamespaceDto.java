package io.microseg.rest.dto;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Map;

/** {@code PUT /namespaces/{name}}: {@code {"labels":{...}}}. */
public record NamespaceDto(String name, Map<String, String> labels, @JsonSerialize(using = ResourceVersion.Writer.class) @JsonDeserialize(using = ResourceVersion.Reader.class)
        Long resourceVersion) {

    public NamespaceDto {
        labels = Nulls.map(labels);
    }

    public NamespaceDto withIdentity(String newName, Long version) {
        return new NamespaceDto(newName, labels, version);
    }
}
