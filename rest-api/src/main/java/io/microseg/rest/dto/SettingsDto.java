package io.microseg.rest.dto;

/**
 * {@code PUT /settings}: {@code {"defaultPosture":"deny","defaultMode":"enforce","onTighten":"cut"}}. A field left out
 * takes its default.
 */
public record SettingsDto(String defaultPosture, String defaultMode, String onTighten, Long resourceVersion) {

    public SettingsDto withVersion(Long version) {
        return new SettingsDto(defaultPosture, defaultMode, onTighten, version);
    }
}
