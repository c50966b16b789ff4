package io.microseg.flowrules.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The product's native, cluster-wide policy: in a tier, with a priority inside it (lower is evaluated first),
 * applied to some workloads, with ordered ingress and egress rules. A {@code staged} policy is evaluated and
 * reported, never enforced.
 */
public record Policy(String name, String tier, int priority, List<AppliedTo> appliedTo,
        List<Rule> ingress, List<Rule> egress, boolean staged) {

    public Policy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tier, "tier");
        appliedTo = List.copyOf(appliedTo);
        ingress = List.copyOf(ingress);
        egress = List.copyOf(egress);
    }

    /** An enforced policy with no rules yet. */
    public static Policy of(String name, String tier, int priority, AppliedTo... appliedTo) {
        return new Policy(name, tier, priority, List.of(appliedTo), List.of(), List.of(), false);
    }

    public Policy withIngress(Rule... rules) {
        return new Policy(name, tier, priority, appliedTo, Stream.concat(ingress.stream(), Stream.of(rules)).toList(),
                egress, staged);
    }

    public Policy withEgress(Rule... rules) {
        return new Policy(name, tier, priority, appliedTo, ingress,
                Stream.concat(egress.stream(), Stream.of(rules)).toList(), staged);
    }

    public Policy asStaged(boolean newStaged) {
        return new Policy(name, tier, priority, appliedTo, ingress, egress, newStaged);
    }

    public List<Rule> rules(Direction direction) {
        return direction == Direction.INGRESS ? ingress : egress;
    }

    /** Problems of this policy alone; references to segments and tiers are checked by {@link PolicyModel#validate()}. */
    public List<Problem> problems(String path) {
        List<Problem> problems = new ArrayList<>(KubernetesSyntax.objectNameProblems(path + ".name", name));
        if (appliedTo.isEmpty()) {
            problems.add(Problem.at(path + ".appliedTo", "a policy must apply to a segment or a selection of workloads"));
        }
        for (int i = 0; i < appliedTo.size(); i++) {
            problems.addAll(appliedTo.get(i).problems(path + ".appliedTo[" + i + "]"));
        }
        for (int i = 0; i < ingress.size(); i++) {
            problems.addAll(ingress.get(i).problems(path + ".ingress[" + i + "]"));
        }
        for (int i = 0; i < egress.size(); i++) {
            problems.addAll(egress.get(i).problems(path + ".egress[" + i + "]"));
        }
        return problems;
    }
}
