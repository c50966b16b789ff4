package io.microseg.rest.dto;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;

/** A Kubernetes NetworkPolicy kept with its upstream meaning: its {@code spec} fields plus namespace and name. */
public record NetworkPolicyDto(String namespace, String name, SelectorDto podSelector, List<RuleDto> ingress,
        List<RuleDto> egress, List<String> policyTypes, @JsonSerialize(using = ResourceVersion.Writer.class) @JsonDeserialize(using = ResourceVersion.Reader.class)
        Long resourceVersion) {

    public NetworkPolicyDto {
        ingress = Nulls.list(ingress);
        egress = Nulls.list(egress);
        policyTypes = Nulls.list(policyTypes);
    }

    public NetworkPolicyDto withIdentity(String newNamespace, String newName, Long version) {
        return new NetworkPolicyDto(newNamespace, newName, podSelector, ingress, egress, policyTypes, version);
    }

    /** A NetworkPolicy rule: {@code from} (ingress) or {@code to} (egress) and {@code ports}; it only allows. */
    public record RuleDto(List<PeerDto> from, List<PeerDto> to, List<PortDto> ports) {
        public RuleDto {
            ports = Nulls.list(ports);
        }
    }

    /** A NetworkPolicyPeer. */
    public record PeerDto(SelectorDto podSelector, SelectorDto namespaceSelector, IpBlockDto ipBlock) {
    }
}
