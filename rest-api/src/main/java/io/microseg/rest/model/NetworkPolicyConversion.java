package io.microseg.rest.model;

import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.KubernetesNetworkPolicy;
import io.microseg.flowrules.policy.KubernetesPeer;
import io.microseg.flowrules.policy.KubernetesRule;
import io.microseg.flowrules.policy.LabelSelector;
import io.microseg.rest.dto.NetworkPolicyDto;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Conversion of a NetworkPolicy DTO (the Kubernetes {@code spec} shape) into the model's upstream-exact value. */
final class NetworkPolicyConversion {

    private NetworkPolicyConversion() {
    }

    static KubernetesNetworkPolicy networkPolicy(String namespace, String name, NetworkPolicyDto dto,
            FieldProblems problems) {
        LabelSelector podSelector = LabelSelector.EVERYTHING;
        if (problems.require("podSelector", dto.podSelector())) {
            podSelector = SharedConversion.selector("podSelector", dto.podSelector(), problems);
        }
        List<Direction> types = new ArrayList<>();
        for (int i = 0; i < dto.policyTypes().size(); i++) {
            problems.parse("policyTypes[" + i + "]", dto.policyTypes().get(i), Direction::parse).ifPresent(types::add);
        }
        return new KubernetesNetworkPolicy(namespace, name, podSelector,
                rules(Direction.INGRESS, dto.ingress(), problems), rules(Direction.EGRESS, dto.egress(), problems), types);
    }

    private static List<KubernetesRule> rules(Direction direction, List<NetworkPolicyDto.RuleDto> dtos,
            FieldProblems problems) {
        List<KubernetesRule> rules = new ArrayList<>();
        for (int i = 0; i < dtos.size(); i++) {
            String at = direction + "[" + i + "]";
            NetworkPolicyDto.RuleDto rule = dtos.get(i);
            if (!problems.require(at, rule)) {
                continue;
            }
            String peersField = direction == Direction.INGRESS ? "from" : "to";
            List<NetworkPolicyDto.PeerDto> peerDtos = direction == Direction.INGRESS ? rule.from() : rule.to();
            List<NetworkPolicyDto.PeerDto> wrong = direction == Direction.INGRESS ? rule.to() : rule.from();
            if (wrong != null) {
                problems.add(at + "." + (direction == Direction.INGRESS ? "to" : "from"),
                        "an " + direction + " rule lists its peers under '" + peersField + "'");
            }
            List<KubernetesPeer> peers = new ArrayList<>();
            if (peerDtos != null) {
                for (int p = 0; p < peerDtos.size(); p++) {
                    peer(at + "." + peersField + "[" + p + "]", peerDtos.get(p), problems).ifPresent(peers::add);
                }
            }
            rules.add(KubernetesRule.of(peers, SharedConversion.ports(at + ".ports", rule.ports(), problems)));
        }
        return rules;
    }

    private static Optional<KubernetesPeer> peer(String at, NetworkPolicyDto.PeerDto dto, FieldProblems problems) {
        if (!problems.require(at, dto)) {
            return Optional.empty();
        }
        if (dto.ipBlock() != null) {
            if (dto.podSelector() != null || dto.namespaceSelector() != null) {
                problems.add(at, "an ipBlock peer cannot also have a podSelector or namespaceSelector");
                return Optional.empty();
            }
            return SharedConversion.ipBlock(at + ".ipBlock", dto.ipBlock(), problems).map(KubernetesPeer::ipBlock);
        }
        Optional<LabelSelector> pods = dto.podSelector() == null ? Optional.empty()
                : Optional.of(SharedConversion.selector(at + ".podSelector", dto.podSelector(), problems));
        Optional<LabelSelector> namespaces = dto.namespaceSelector() == null ? Optional.empty()
                : Optional.of(SharedConversion.selector(at + ".namespaceSelector", dto.namespaceSelector(), problems));
        return Optional.of(new KubernetesPeer.Pods(pods, namespaces));
    }
}
