package io.microseg.flowrules.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A named group of endpoints: the workloads a selector picks and/or IP blocks for endpoints that are not
 * workloads. An endpoint is a member if the selector picks it or one of the blocks contains its address.
 */
public record Segment(String name, Optional<WorkloadSelector> members, List<IpBlock> ipBlocks) {

    public Segment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(members, "members");
        ipBlocks = List.copyOf(ipBlocks);
    }

    public static Segment of(String name, WorkloadSelector members) {
        return new Segment(name, Optional.of(members), List.of());
    }

    public static Segment of(String name, IpBlock... ipBlocks) {
        return new Segment(name, Optional.empty(), List.of(ipBlocks));
    }

    public Segment withIpBlocks(IpBlock... more) {
        return new Segment(name, members, Stream.concat(ipBlocks.stream(), Stream.of(more)).toList());
    }

    public List<Problem> problems(String path) {
        List<Problem> problems = new ArrayList<>(KubernetesSyntax.objectNameProblems(path + ".name", name));
        members.ifPresent(selector -> problems.addAll(selector.problems(path + ".members")));
        for (int i = 0; i < ipBlocks.size(); i++) {
            problems.addAll(ipBlocks.get(i).problems(path + ".ipBlocks[" + i + "]"));
        }
        if (members.isEmpty() && ipBlocks.isEmpty()) {
            problems.add(Problem.at(path, "a segment needs a workload selector or at least one IP block"));
        }
        return problems;
    }
}
