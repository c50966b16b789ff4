package io.microseg.rest.dto;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;

/** {@code PUT /segments/{name}}: the workloads the selectors pick and/or IP blocks. */
public record SegmentDto(String name, SelectorDto workloadSelector, SelectorDto namespaceSelector,
        List<IpBlockDto> ipBlocks, @JsonSerialize(using = ResourceVersion.Writer.class) @JsonDeserialize(using = ResourceVersion.Reader.class)
        Long resourceVersion) {

    public SegmentDto {
        ipBlocks = Nulls.list(ipBlocks);
    }

    public SegmentDto withIdentity(String newName, Long version) {
        return new SegmentDto(newName, workloadSelector, namespaceSelector, ipBlocks, version);
    }
}
