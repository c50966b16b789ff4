package io.microseg.rest.dto;

import java.util.List;

/** {@code PUT /segments/{name}}: the workloads the selectors pick and/or IP blocks. */
public record SegmentDto(String name, SelectorDto workloadSelector, SelectorDto namespaceSelector,
        List<IpBlockDto> ipBlocks, Long resourceVersion) {

    public SegmentDto {
        ipBlocks = Nulls.list(ipBlocks);
    }

    public SegmentDto withIdentity(String newName, Long version) {
        return new SegmentDto(newName, workloadSelector, namespaceSelector, ipBlocks, version);
    }
}
