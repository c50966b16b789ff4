package io.microseg.rest.dto;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/** {@code PUT /enforcement/{name}}: the mode for the workloads the selectors pick. */
public record EnforcementDto(String name, SelectorDto workloadSelector, SelectorDto namespaceSelector, String mode,
        @JsonSerialize(using = ResourceVersion.Writer.class) @JsonDeserialize(using = ResourceVersion.Reader.class)
        Long resourceVersion) {

    public EnforcementDto withIdentity(String newName, Long version) {
        return new EnforcementDto(newName, workloadSelector, namespaceSelector, mode, version);
    }
}
