package io.microseg.flowrules.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code ports} entry of a rule: a protocol and optionally a port (number or name) and an {@code endPort}
 * making the number a range. No port means every port of the protocol; for ICMP the port is ignored.
 */
public record PortMatch(Protocol protocol, Optional<TransportPort> port, Optional<Integer> endPort) {

    public PortMatch {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(endPort, "endPort");
    }

    public static PortMatch tcp(int port) {
        return of(Protocol.TCP, port);
    }

    public static PortMatch udp(int port) {
        return of(Protocol.UDP, port);
    }

    public static PortMatch of(Protocol protocol, int port) {
        return new PortMatch(protocol, Optional.of(TransportPort.number(port)), Optional.empty());
    }

    public static PortMatch range(Protocol protocol, int port, int endPort) {
        return new PortMatch(protocol, Optional.of(TransportPort.number(port)), Optional.of(endPort));
    }

    public static PortMatch named(Protocol protocol, String name) {
        return new PortMatch(protocol, Optional.of(TransportPort.named(name)), Optional.empty());
    }

    /** Every port of a protocol (all of ICMP for {@link Protocol#ICMP}). */
    public static PortMatch all(Protocol protocol) {
        return new PortMatch(protocol, Optional.empty(), Optional.empty());
    }

    public static PortMatch icmp() {
        return all(Protocol.ICMP);
    }

    /**
     * Problems of this entry. {@code kubernetes} adds the NetworkPolicy restriction to TCP, UDP and SCTP.
     */
    public List<Problem> problems(String path, boolean kubernetes) {
        List<Problem> problems = new ArrayList<>();
        if (kubernetes && !protocol.hasPorts()) {
            problems.add(Problem.at(path + ".protocol", "a NetworkPolicy port must be TCP, UDP or SCTP, not " + protocol));
        }
        if (port.isPresent() && port.get() instanceof TransportPort.Number number) {
            if (number.value() < 1 || number.value() > 65535) {
                problems.add(Problem.at(path + ".port", "port must be 1..65535: " + number.value()));
            }
            endPort.ifPresent(end -> {
                if (end < 1 || end > 65535) {
                    problems.add(Problem.at(path + ".endPort", "endPort must be 1..65535: " + end));
                } else if (end < number.value()) {
                    problems.add(Problem.at(path + ".endPort", "endPort " + end + " is below port " + number.value()));
                }
            });
        }
        if (port.isPresent() && port.get() instanceof TransportPort.Named named) {
            problems.addAll(KubernetesSyntax.portNameProblems(path + ".port", named.name()));
            if (endPort.isPresent()) {
                problems.add(Problem.at(path + ".endPort", "endPort needs a numeric port, not the named port " + named.name()));
            }
        }
        if (port.isEmpty() && endPort.isPresent()) {
            problems.add(Problem.at(path + ".endPort", "endPort needs a port"));
        }
        return problems;
    }

    @Override
    public String toString() {
        if (protocol == Protocol.ICMP || port.isEmpty()) {
            return protocol.toString();
        }
        return protocol + "/" + port.get() + endPort.map(end -> "-" + end).orElse("");
    }
}
