package io.microseg.rest.dto;

/** {@code PUT /enforcement/{name}}: the mode for the workloads the selectors pick. */
public record EnforcementDto(String name, SelectorDto workloadSelector, SelectorDto namespaceSelector, String mode,
        Long resourceVersion) {

    public EnforcementDto withIdentity(String newName, Long version) {
        return new EnforcementDto(newName, workloadSelector, namespaceSelector, mode, version);
    }
}
