package io.microseg.flowrules.policy.semantics;

import io.microseg.flowrules.policy.Action;
import io.microseg.flowrules.policy.PortMatch;
import java.util.List;

/** A native rule with its peers resolved, in evaluation order for one workload and direction. */
record CompiledRule(RuleRef ref, PeerSet peers, List<PortMatch> ports, Action action) {
}
