package io.microseg.rest.dto;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * {@code PUT /settings}: {@code {"defaultPosture":"deny","defaultMode":"enforce","onTighten":"cut","learning":"confirm"}}.
 * A field left out takes its default.
 */
public record SettingsDto(String defaultPosture, String defaultMode, String onTighten, String learning,
        @JsonSerialize(using = ResourceVersion.Writer.class) @JsonDeserialize(using = ResourceVersion.Reader.class)
        Long resourceVersion) {

    public SettingsDto withVersion(Long version) {
        return new SettingsDto(defaultPosture, defaultMode, onTighten, learning, version);
    }
}
