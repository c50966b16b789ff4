package io.microseg.flowrules.policy;

import io.microseg.topology.Ipv4Address;
import io.microseg.topology.MacAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A managed workload (VM, container, server): labels, IPv4 addresses (the first is its primary address),
 * MAC, named ports and, when known, its location. Build with {@link #of} and the {@code with...} methods.
 */
public record Workload(String name, String namespace, Labels labels, List<Ipv4Address> addresses,
        Optional<MacAddress> mac, List<NamedPort> namedPorts, Optional<WorkloadLocation> location) {

    public Workload {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(labels, "labels");
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(mac, "mac");
        namedPorts = List.copyOf(namedPorts);
        Objects.requireNonNull(location, "location");
    }

    /** A workload in namespace {@code default} with no labels, addresses or ports yet. */
    public static Workload of(String name) {
        return new Workload(name, Namespace.DEFAULT, Labels.EMPTY, List.of(), Optional.empty(), List.of(), Optional.empty());
    }

    public static Workload of(String namespace, String name, Labels labels, String... addresses) {
        return new Workload(name, namespace, labels, Stream.of(addresses).map(Ipv4Address::parse).toList(),
                Optional.empty(), List.of(), Optional.empty());
    }

    public WorkloadId id() {
        return new WorkloadId(namespace, name);
    }

    public Optional<Ipv4Address> primaryAddress() {
        return addresses.isEmpty() ? Optional.empty() : Optional.of(addresses.get(0));
    }

    /** The port number this workload serves under {@code portName} for {@code protocol}, if it has one. */
    public Optional<Integer> resolve(String portName, Protocol protocol) {
        return namedPorts.stream().filter(p -> p.name().equals(portName) && p.protocol() == protocol)
                .map(NamedPort::port).findFirst();
    }

    public Workload inNamespace(String newNamespace) {
        return new Workload(name, newNamespace, labels, addresses, mac, namedPorts, location);
    }

    public Workload withLabels(Labels newLabels) {
        return new Workload(name, namespace, newLabels, addresses, mac, namedPorts, location);
    }

    public Workload withAddresses(Ipv4Address... newAddresses) {
        return new Workload(name, namespace, labels, List.of(newAddresses), mac, namedPorts, location);
    }

    public Workload withMac(MacAddress newMac) {
        return new Workload(name, namespace, labels, addresses, Optional.of(newMac), namedPorts, location);
    }

    public Workload withNamedPorts(NamedPort... ports) {
        return new Workload(name, namespace, labels, addresses, mac, List.of(ports), location);
    }

    public Workload at(WorkloadLocation newLocation) {
        return new Workload(name, namespace, labels, addresses, mac, namedPorts, Optional.of(newLocation));
    }

    /** Problems of this workload alone; duplicate addresses across workloads are checked by {@link PolicyModel#validate()}. */
    public List<Problem> problems(String path) {
        List<Problem> problems = new ArrayList<>(KubernetesSyntax.objectNameProblems(path + ".name", name));
        problems.addAll(KubernetesSyntax.namespaceNameProblems(path + ".namespace", namespace));
        problems.addAll(labels.problems(path + ".labels"));
        Set<Ipv4Address> seen = new HashSet<>();
        for (int i = 0; i < addresses.size(); i++) {
            if (!seen.add(addresses.get(i))) {
                problems.add(Problem.at(path + ".addresses[" + i + "]", "address listed twice: " + addresses.get(i)));
            }
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < namedPorts.size(); i++) {
            NamedPort port = namedPorts.get(i);
            problems.addAll(port.problems(path + ".namedPorts[" + i + "]"));
            if (!names.add(port.name() + "/" + port.protocol())) {
                problems.add(Problem.at(path + ".namedPorts[" + i + "].name",
                        "port name used twice for " + port.protocol() + ": " + port.name()));
            }
        }
        return problems;
    }
}
