package io.microseg.rest.dto;

/** {@code PUT /settings}: {@code {"defaultPosture":"deny","defaultMode":"enforce"}}. */
public record SettingsDto(String defaultPosture, String defaultMode, Long resourceVersion) {

    public SettingsDto withVersion(Long version) {
        return new SettingsDto(defaultPosture, defaultMode, version);
    }
}
