package io.microseg.flowrules.policy.semantics;

import io.microseg.flowrules.policy.PortMatch;
import java.util.List;

/** The rules of one NetworkPolicy in one direction, peers resolved. */
record CompiledNetworkPolicy(String name, List<Rule> rules) {

    record Rule(PeerSet peers, List<PortMatch> ports) {
    }
}
