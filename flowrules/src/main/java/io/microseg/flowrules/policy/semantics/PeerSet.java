package io.microseg.flowrules.policy.semantics;

import io.microseg.flowrules.policy.IpBlock;
import io.microseg.flowrules.policy.WorkloadId;
import java.util.List;
import java.util.Set;

/** The resolved peers of a rule: everyone, or these workloads plus any address in these blocks. */
record PeerSet(boolean everyone, Set<WorkloadId> workloads, List<IpBlock> blocks) {

    static final PeerSet EVERYONE = new PeerSet(true, Set.of(), List.of());

    PeerSet {
        workloads = Set.copyOf(workloads);
        blocks = List.copyOf(blocks);
    }

    boolean matches(ResolvedEndpoint endpoint) {
        if (everyone) {
            return true;
        }
        if (endpoint.workload().isPresent() && workloads.contains(endpoint.workload().get().id())) {
            return true;
        }
        if (endpoint.address().isPresent()) {
            for (IpBlock block : blocks) {
                if (block.contains(endpoint.address().get())) {
                    return true;
                }
            }
        }
        return false;
    }
}
