package io.microseg.flowrules.policy.semantics;

import io.microseg.flowrules.policy.Workload;
import io.microseg.topology.Ipv4Address;
import java.util.Optional;

/** An endpoint after lookup: the managed workload, if any, and the address IP blocks are matched against. */
record ResolvedEndpoint(Optional<Workload> workload, Optional<Ipv4Address> address) {
}
