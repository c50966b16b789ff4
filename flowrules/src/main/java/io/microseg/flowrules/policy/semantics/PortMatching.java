package io.microseg.flowrules.policy.semantics;

import io.microseg.flowrules.policy.PortMatch;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.TransportPort;
import io.microseg.flowrules.policy.Workload;
import java.util.List;
import java.util.Optional;

/** Whether a rule's ports match a connection. Named ports resolve on the destination workload. */
final class PortMatching {

    private PortMatching() {
    }

    /** No ports matches every protocol and port. */
    static boolean matches(List<PortMatch> ports, Protocol protocol, int port, Optional<Workload> destination) {
        if (ports.isEmpty()) {
            return true;
        }
        for (PortMatch match : ports) {
            if (matches(match, protocol, port, destination)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(PortMatch match, Protocol protocol, int port, Optional<Workload> destination) {
        if (match.protocol() != protocol) {
            return false;
        }
        if (protocol == Protocol.ICMP || match.port().isEmpty()) {
            return true;
        }
        TransportPort wanted = match.port().get();
        if (wanted instanceof TransportPort.Number number) {
            int end = match.endPort().orElse(number.value());
            return port >= number.value() && port <= end;
        }
        String name = ((TransportPort.Named) wanted).name();
        return destination.flatMap(workload -> workload.resolve(name, protocol)).map(resolved -> resolved == port)
                .orElse(false);
    }
}
