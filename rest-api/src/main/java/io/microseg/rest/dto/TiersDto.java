package io.microseg.rest.dto;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;

/** {@code PUT /tiers}: the whole ordered list of tiers. */
public record TiersDto(List<TierDto> tiers, @JsonSerialize(using = ResourceVersion.Writer.class) @JsonDeserialize(using = ResourceVersion.Reader.class)
        Long resourceVersion) {

    public TiersDto {
        tiers = Nulls.list(tiers);
    }

    public TiersDto withVersion(Long version) {
        return new TiersDto(tiers, version);
    }

    /** {@code {"name":"application","order":300}}; lower order is evaluated first. */
    public record TierDto(String name, Integer order) {
    }
}
