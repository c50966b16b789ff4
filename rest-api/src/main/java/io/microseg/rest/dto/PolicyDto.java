package io.microseg.rest.dto;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.List;

/**
 * {@code PUT /policies/{name}}: a tiered policy. {@code appliedTo} is one target or a list of them; each rule
 * lists {@code from} (ingress) or {@code to} (egress) peers and ports.
 */
public record PolicyDto(String name, String tier, Integer priority,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<TargetDto> appliedTo,
        Boolean staged, List<RuleDto> ingress, List<RuleDto> egress, @JsonSerialize(using = ResourceVersion.Writer.class) @JsonDeserialize(using = ResourceVersion.Reader.class)
        Long resourceVersion) {

    public PolicyDto {
        appliedTo = Nulls.list(appliedTo);
        ingress = Nulls.list(ingress);
        egress = Nulls.list(egress);
    }

    public PolicyDto withIdentity(String newName, Long version) {
        return new PolicyDto(newName, tier, priority, appliedTo, staged, ingress, egress, version);
    }

    /** {@code {"segment":"web"}} or {@code {"workloadSelector":{...},"namespaceSelector":{...}}}. */
    public record TargetDto(String segment, SelectorDto workloadSelector, SelectorDto namespaceSelector) {
    }

    /** {@code {"action":"allow","from":[...],"ports":[...]}}. */
    public record RuleDto(String action, List<PeerDto> from, List<PeerDto> to, List<PortDto> ports) {
        public RuleDto {
            ports = Nulls.list(ports);
        }
    }

    /** One of: {@code segment}, selectors, {@code ipBlock}. */
    public record PeerDto(String segment, SelectorDto workloadSelector, SelectorDto namespaceSelector,
            IpBlockDto ipBlock) {
    }
}
