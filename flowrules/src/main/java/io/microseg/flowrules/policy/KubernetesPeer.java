package io.microseg.flowrules.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A NetworkPolicyPeer with its upstream meaning: a pod selector alone selects pods of the policy's own
 * namespace; a namespace selector alone selects every pod of the matching namespaces; both in one peer
 * select pods matching the pod selector AND living in a matching namespace; an ipBlock matches addresses.
 */
public sealed interface KubernetesPeer {

    static KubernetesPeer pods(LabelSelector podSelector) {
        return new Pods(Optional.of(podSelector), Optional.empty());
    }

    static KubernetesPeer namespaces(LabelSelector namespaceSelector) {
        return new Pods(Optional.empty(), Optional.of(namespaceSelector));
    }

    static KubernetesPeer podsInNamespaces(LabelSelector podSelector, LabelSelector namespaceSelector) {
        return new Pods(Optional.of(podSelector), Optional.of(namespaceSelector));
    }

    static KubernetesPeer ipBlock(IpBlock block) {
        return new Block(block);
    }

    List<Problem> problems(String path);

    /** {@code podSelector} and/or {@code namespaceSelector}. */
    record Pods(Optional<LabelSelector> podSelector, Optional<LabelSelector> namespaceSelector) implements KubernetesPeer {
        public Pods {
            Objects.requireNonNull(podSelector, "podSelector");
            Objects.requireNonNull(namespaceSelector, "namespaceSelector");
        }

        /** Whether a workload in {@code workloadNamespace} matches, for a policy in {@code policyNamespace}. */
        public boolean matches(String policyNamespace, Labels workloadLabels, String workloadNamespace,
                Labels namespaceLabels) {
            boolean namespaceOk = namespaceSelector.map(selector -> selector.matches(namespaceLabels))
                    .orElse(workloadNamespace.equals(policyNamespace));
            return namespaceOk && podSelector.map(selector -> selector.matches(workloadLabels)).orElse(true);
        }

        @Override
        public List<Problem> problems(String path) {
            List<Problem> problems = new ArrayList<>();
            if (podSelector.isEmpty() && namespaceSelector.isEmpty()) {
                problems.add(Problem.at(path, "a peer needs a podSelector, a namespaceSelector or an ipBlock"));
            }
            podSelector.ifPresent(selector -> problems.addAll(selector.problems(path + ".podSelector")));
            namespaceSelector.ifPresent(selector -> problems.addAll(selector.problems(path + ".namespaceSelector")));
            return problems;
        }
    }

    /** {@code ipBlock}: any address in range minus {@code except}, pod addresses included. */
    record Block(IpBlock block) implements KubernetesPeer {
        public Block {
            Objects.requireNonNull(block, "block");
        }

        @Override
        public List<Problem> problems(String path) {
            return block.problems(path + ".ipBlock");
        }
    }
}
