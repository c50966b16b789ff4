package io.microseg.rest.dto;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;

/**
 * {@code PUT /workloads/{namespace}/{name}}: labels, IPv4 addresses (the first is primary), MAC, named ports and
 * the optional attachment point.
 */
public record WorkloadDto(String namespace, String name, Map<String, String> labels, List<String> ips, String mac,
        List<NamedPortDto> ports, LocationDto location, @JsonSerialize(using = ResourceVersion.Writer.class) @JsonDeserialize(using = ResourceVersion.Reader.class)
        Long resourceVersion) {

    public WorkloadDto {
        labels = Nulls.map(labels);
        ips = Nulls.list(ips);
        ports = Nulls.list(ports);
    }

    public WorkloadDto withIdentity(String newNamespace, String newName, Long version) {
        return new WorkloadDto(newNamespace, newName, labels, ips, mac, ports, location, version);
    }

    /** {@code {"name":"http","protocol":"TCP","port":80}}. */
    public record NamedPortDto(String name, String protocol, Integer port) {
    }

    /** {@code {"dpid":"00:00:00:00:00:00:00:01","port":1}}. */
    public record LocationDto(String dpid, Long port) {
    }
}
