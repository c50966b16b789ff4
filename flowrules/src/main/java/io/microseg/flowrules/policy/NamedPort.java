package io.microseg.flowrules.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A port a workload serves under a name ({@code https -> TCP/8443}); rules may refer to it by name. */
public record NamedPort(String name, Protocol protocol, int port) {

    public NamedPort {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
    }

    public static NamedPort of(String name, Protocol protocol, int port) {
        return new NamedPort(name, protocol, port);
    }

    public static NamedPort tcp(String name, int port) {
        return new NamedPort(name, Protocol.TCP, port);
    }

    public List<Problem> problems(String path) {
        List<Problem> problems = new ArrayList<>(KubernetesSyntax.portNameProblems(path + ".name", name));
        if (!protocol.hasPorts()) {
            problems.add(Problem.at(path + ".protocol", "a named port needs TCP, UDP or SCTP, not " + protocol));
        }
        if (port < 1 || port > 65535) {
            problems.add(Problem.at(path + ".port", "port must be 1..65535: " + port));
        }
        return problems;
    }
}
