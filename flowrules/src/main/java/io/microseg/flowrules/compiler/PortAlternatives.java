package io.microseg.flowrules.compiler;

import io.microseg.flowrules.flow.FlowMatch;
import io.microseg.flowrules.flow.MatchField;
import io.microseg.flowrules.policy.PortMatch;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.TransportPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A rule's {@code ports} as flow match alternatives: no ports matches any packet; a protocol alone matches
 * ip_proto; a number an exact destination port; a range its prefix cover (masked); a named port one alternative per
 * number some workload serves it as, which also requires the destination to be in that named-port set.
 */
final class PortAlternatives {

    /** One alternative: protocol (empty: any), port value/mask (mask 0: any port), named-port set to require. */
    record Alternative(Optional<Protocol> protocol, long port, long mask, Optional<SetKey.NamedPort> named) {
        static final Alternative ANY = new Alternative(Optional.empty(), 0, 0, Optional.empty());

        void apply(FlowMatch.Builder builder) {
            if (protocol.isEmpty()) {
                return;
            }
            Protocol proto = protocol.get();
            if (mask == 0 || !proto.hasPorts()) {
                builder.exact(MatchField.ETH_TYPE, MatchField.EthType.IPV4).ipProto(proto.ipProtocol());
                return;
            }
            builder.masked(portField(proto), port, mask);
        }
    }

    private PortAlternatives() {
    }

    /** {@code namedPorts} holds, per (name, protocol), the port numbers some workload serves it as. */
    static List<Alternative> of(List<PortMatch> ports, Set<SetKey.NamedPort> namedPorts) {
        if (ports.isEmpty()) {
            return List.of(Alternative.ANY);
        }
        List<Alternative> out = new ArrayList<>();
        for (PortMatch match : ports) {
            Protocol protocol = match.protocol();
            if (match.port().isEmpty() || !protocol.hasPorts()) {
                out.add(new Alternative(Optional.of(protocol), 0, 0, Optional.empty()));
            } else if (match.port().get() instanceof TransportPort.Number number) {
                int end = match.endPort().orElse(number.value());
                for (long[] prefix : cover(number.value(), end)) {
                    out.add(new Alternative(Optional.of(protocol), prefix[0], prefix[1], Optional.empty()));
                }
            } else {
                String name = ((TransportPort.Named) match.port().get()).name();
                for (SetKey.NamedPort named : namedPorts) {
                    if (named.name().equals(name) && named.protocol() == protocol) {
                        out.add(new Alternative(Optional.of(protocol), named.port(), 0xffff, Optional.of(named)));
                    }
                }
            }
        }
        return out;
    }

    /** The (name, protocol) pairs rules refer to. */
    static void namesIn(List<PortMatch> ports, Set<Map.Entry<String, Protocol>> names) {
        for (PortMatch match : ports) {
            if (match.port().isPresent() && match.port().get() instanceof TransportPort.Named named
                    && match.protocol().hasPorts()) {
                names.add(Map.entry(named.name(), match.protocol()));
            }
        }
    }

    static MatchField portField(Protocol protocol) {
        return switch (protocol) {
            case TCP -> MatchField.TCP_DST;
            case UDP -> MatchField.UDP_DST;
            case SCTP -> MatchField.SCTP_DST;
            case ICMP -> throw new IllegalArgumentException("ICMP has no ports");
        };
    }

    /** The fewest (value, mask) prefixes of 16-bit ports covering exactly [from, to]. */
    static List<long[]> cover(int from, int to) {
        List<long[]> out = new ArrayList<>();
        long low = from;
        while (low <= to) {
            int size = 0;
            while (size < 16 && (low & ((1L << (size + 1)) - 1)) == 0 && low + (1L << (size + 1)) - 1 <= to) {
                size++;
            }
            out.add(new long[] {low, 0xffff & ~((1L << size) - 1)});
            low += 1L << size;
        }
        return out;
    }
}
