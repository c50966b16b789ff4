package io.microseg.flowrules.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A NetworkPolicy ingress or egress rule: an empty {@code from}/{@code to} list means all peers and an empty
 * {@code ports} list means all ports. It only allows.
 */
public record KubernetesRule(List<KubernetesPeer> peers, List<PortMatch> ports) {

    public KubernetesRule {
        peers = List.copyOf(peers);
        ports = List.copyOf(ports);
    }

    public static KubernetesRule of(List<KubernetesPeer> peers, List<PortMatch> ports) {
        return new KubernetesRule(peers, ports);
    }

    public static KubernetesRule from(KubernetesPeer peer, PortMatch... ports) {
        return new KubernetesRule(List.of(peer), List.of(ports));
    }

    /** {@code - {}}: every peer, every port. */
    public static KubernetesRule allowAll() {
        return new KubernetesRule(List.of(), List.of());
    }

    public List<Problem> problems(String path) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            problems.addAll(peers.get(i).problems(path + ".peers[" + i + "]"));
        }
        for (int i = 0; i < ports.size(); i++) {
            problems.addAll(ports.get(i).problems(path + ".ports[" + i + "]", true));
        }
        return problems;
    }
}
