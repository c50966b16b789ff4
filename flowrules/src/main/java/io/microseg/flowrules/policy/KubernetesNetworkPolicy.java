package io.microseg.flowrules.policy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A Kubernetes NetworkPolicy (namespaced) with its exact upstream semantics: the pods it selects become
 * isolated in each of its policy types, and its rules only add allowed traffic. An empty {@code policyTypes}
 * is defaulted as upstream: Ingress always, Egress if there are egress rules.
 */
public record KubernetesNetworkPolicy(String namespace, String name, LabelSelector podSelector,
        List<KubernetesRule> ingress, List<KubernetesRule> egress, List<Direction> policyTypes) {

    public KubernetesNetworkPolicy {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(podSelector, "podSelector");
        ingress = List.copyOf(ingress);
        egress = List.copyOf(egress);
        policyTypes = List.copyOf(policyTypes);
    }

    /** A policy selecting {@code podSelector} with no rules and defaulted policy types (so: deny all ingress). */
    public static KubernetesNetworkPolicy of(String namespace, String name, LabelSelector podSelector) {
        return new KubernetesNetworkPolicy(namespace, name, podSelector, List.of(), List.of(), List.of());
    }

    public KubernetesNetworkPolicy withIngress(KubernetesRule... rules) {
        return new KubernetesNetworkPolicy(namespace, name, podSelector,
                Stream.concat(ingress.stream(), Stream.of(rules)).toList(), egress, policyTypes);
    }

    public KubernetesNetworkPolicy withEgress(KubernetesRule... rules) {
        return new KubernetesNetworkPolicy(namespace, name, podSelector, ingress,
                Stream.concat(egress.stream(), Stream.of(rules)).toList(), policyTypes);
    }

    public KubernetesNetworkPolicy withPolicyTypes(Direction... types) {
        return new KubernetesNetworkPolicy(namespace, name, podSelector, ingress, egress, List.of(types));
    }

    /** The policy types after upstream defaulting. */
    public Set<Direction> effectivePolicyTypes() {
        if (!policyTypes.isEmpty()) {
            return EnumSet.copyOf(policyTypes);
        }
        return egress.isEmpty() ? EnumSet.of(Direction.INGRESS) : EnumSet.of(Direction.INGRESS, Direction.EGRESS);
    }

    public boolean isolates(Direction direction) {
        return effectivePolicyTypes().contains(direction);
    }

    public List<KubernetesRule> rules(Direction direction) {
        return direction == Direction.INGRESS ? ingress : egress;
    }

    /** {@code namespace/name}. */
    public String qualifiedName() {
        return namespace + "/" + name;
    }

    public List<Problem> problems(String path) {
        List<Problem> problems = new ArrayList<>(KubernetesSyntax.namespaceNameProblems(path + ".namespace", namespace));
        problems.addAll(KubernetesSyntax.objectNameProblems(path + ".name", name));
        problems.addAll(podSelector.problems(path + ".podSelector"));
        for (int i = 0; i < ingress.size(); i++) {
            problems.addAll(ingress.get(i).problems(path + ".ingress[" + i + "]"));
        }
        for (int i = 0; i < egress.size(); i++) {
            problems.addAll(egress.get(i).problems(path + ".egress[" + i + "]"));
        }
        if (!policyTypes.isEmpty() && EnumSet.copyOf(policyTypes).size() != policyTypes.size()) {
            problems.add(Problem.at(path + ".policyTypes", "a policy type is listed twice: " + policyTypes));
        }
        return problems;
    }
}
