package io.microseg.flowrules.policy.semantics;

import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.EnforcementMode;
import java.util.List;

/**
 * What applies to one workload, per direction (indexed by {@link Direction#ordinal()}): its tiered rules in
 * evaluation order without and with staged policies, the NetworkPolicies isolating it, and its enforcement mode.
 */
record WorkloadRules(EnforcementMode mode, List<List<CompiledRule>> enforced, List<List<CompiledRule>> withStaged,
        List<List<CompiledNetworkPolicy>> networkPolicies) {

    List<CompiledRule> tiered(Direction direction, boolean staged) {
        return (staged ? withStaged : enforced).get(direction.ordinal());
    }

    List<CompiledNetworkPolicy> isolating(Direction direction) {
        return networkPolicies.get(direction.ordinal());
    }
}
