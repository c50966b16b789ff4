package io.microseg.flowrules.compiler;

import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadId;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Link;
import io.microseg.topology.PortNumber;
import io.microseg.topology.TopologySnapshot;
import io.microseg.topology.path.PathTable;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the compiler needs to know of the network: the switches, the trunk ports between them (trusted), for each
 * switch the port toward every other switch, where workloads attach (overriding {@link Workload#location()}), and
 * optionally one gateway port through which bare (unmanaged) addresses are reached. A single switch needs no links.
 *
 * @param nextHops at switch {@code s}, the port toward switch {@code d}: {@code nextHops.get(s).get(d)}
 * @param options what the operator configured about the switches (tagged frames, pinned conntrack zones)
 * @param ports the ports each switch has (physical ones): the unknown-host punt is metered per port
 */
public record NetworkView(Set<DatapathId> switches, Map<DatapathId, Map<DatapathId, PortNumber>> nextHops,
        Set<ConnectPoint> trunks, Optional<ConnectPoint> gateway, Map<WorkloadId, ConnectPoint> locations,
        DataPlaneOptions options, Map<DatapathId, Set<PortNumber>> ports) {

    /** A view whose switches' ports are not known (every unknown-host punt goes through the shared meter). */
    public NetworkView(Set<DatapathId> switches, Map<DatapathId, Map<DatapathId, PortNumber>> nextHops,
            Set<ConnectPoint> trunks, Optional<ConnectPoint> gateway, Map<WorkloadId, ConnectPoint> locations,
            DataPlaneOptions options) {
        this(switches, nextHops, trunks, gateway, locations, options, Map.of());
    }

    /** A view with the default options. */
    public NetworkView(Set<DatapathId> switches, Map<DatapathId, Map<DatapathId, PortNumber>> nextHops,
            Set<ConnectPoint> trunks, Optional<ConnectPoint> gateway, Map<WorkloadId, ConnectPoint> locations) {
        this(switches, nextHops, trunks, gateway, locations, DataPlaneOptions.DEFAULTS);
    }

    public NetworkView {
        Objects.requireNonNull(options, "options");
        switches = Set.copyOf(new TreeSet<>(switches));
        Map<DatapathId, Map<DatapathId, PortNumber>> copy = new HashMap<>();
        nextHops.forEach((at, toward) -> copy.put(at, Map.copyOf(toward)));
        nextHops = Map.copyOf(copy);
        trunks = Set.copyOf(trunks);
        Objects.requireNonNull(gateway, "gateway");
        locations = Map.copyOf(locations);
        Map<DatapathId, Set<PortNumber>> numbers = new HashMap<>();
        ports.forEach((dpid, on) -> numbers.put(dpid, Set.copyOf(on)));
        ports = Map.copyOf(numbers);
    }

    public static NetworkView singleSwitch(DatapathId dpid) {
        return new NetworkView(Set.of(dpid), Map.of(), Set.of(), Optional.empty(), Map.of());
    }

    /** The switches and links of a snapshot with the next hops of a path table (computed from that snapshot). */
    public static NetworkView of(TopologySnapshot snapshot, PathTable paths) {
        Map<DatapathId, Map<DatapathId, PortNumber>> hops = new HashMap<>();
        for (DatapathId destination : paths.destinations()) {
            paths.nextHops(destination).forEach((at, port) -> {
                if (!at.equals(destination)) {
                    hops.computeIfAbsent(at, x -> new HashMap<>()).put(destination, port);
                }
            });
        }
        Set<ConnectPoint> trunks = new HashSet<>();
        for (Link link : snapshot.links()) {
            trunks.add(link.src());
            trunks.add(link.dst());
        }
        Map<DatapathId, Set<PortNumber>> ports = new HashMap<>();
        snapshot.switches().forEach((dpid, info) -> {
            Set<PortNumber> physical = new HashSet<>();
            info.ports().keySet().stream().filter(PortNumber::isPhysical).forEach(physical::add);
            ports.put(dpid, physical);
        });
        return new NetworkView(snapshot.switches().keySet(), hops, trunks, Optional.empty(), Map.of(),
                DataPlaneOptions.DEFAULTS, ports);
    }

    /** This view with these ports per switch. */
    public NetworkView withPorts(Map<DatapathId, Set<PortNumber>> numbers) {
        return new NetworkView(switches, nextHops, trunks, gateway, locations, options, numbers);
    }

    /** The ports of switch {@code dpid} in this view, in number order. */
    public SortedSet<PortNumber> portsOf(DatapathId dpid) {
        return new TreeSet<>(ports.getOrDefault(dpid, Set.of()));
    }

    public NetworkView withGateway(ConnectPoint point) {
        return new NetworkView(switches, nextHops, trunks, Optional.of(point), locations, options, ports);
    }

    /**
     * This view without these ports as trunks: a port where a workload is registered or bound is never trusted as
     * a trunk, even if discovery (still) reports a link on it.
     */
    public NetworkView withoutTrunks(Set<ConnectPoint> notTrunks) {
        if (Collections.disjoint(trunks, notTrunks)) {
            return this;
        }
        Set<ConnectPoint> kept = new HashSet<>(trunks);
        kept.removeAll(notTrunks);
        return new NetworkView(switches, nextHops, kept, gateway, locations, options, ports);
    }

    /** This view with a workload's attachment as discovered (it wins over the model's location). */
    public NetworkView withLocation(WorkloadId workload, ConnectPoint point) {
        Map<WorkloadId, ConnectPoint> more = new HashMap<>(locations);
        more.put(workload, point);
        return new NetworkView(switches, nextHops, trunks, gateway, more, options, ports);
    }

    /** This view with other data-plane options. */
    public NetworkView withOptions(DataPlaneOptions other) {
        return new NetworkView(switches, nextHops, trunks, gateway, locations, other, ports);
    }

    /** Where a workload attaches, if on a switch of this network. */
    public Optional<ConnectPoint> locate(Workload workload) {
        ConnectPoint point = locations.get(workload.id());
        if (point == null) {
            point = workload.location().map(l -> ConnectPoint.of(l.datapath(), l.port())).orElse(null);
        }
        return Optional.ofNullable(point).filter(p -> switches.contains(p.dpid()));
    }

    /** The port at switch {@code at} toward a port on switch {@code target}: the port itself when local. */
    public Optional<PortNumber> portToward(DatapathId at, ConnectPoint target) {
        if (at.equals(target.dpid())) {
            return Optional.of(target.port());
        }
        return Optional.ofNullable(nextHops.getOrDefault(at, Map.of()).get(target.dpid()));
    }

    public boolean isTrunk(ConnectPoint point) {
        return trunks.contains(point);
    }

    /**
     * The conntrack zone a switch prefers: the low 16 bits of its datapath id (0 becomes 0xffff). Only a preference:
     * two switches of one ovs-vswitchd whose ids agree in those bits would share conntrack, so the compiler allocates
     * zones ({@link CompiledNetwork#zone}) and uses this only for a switch no other one holds it for.
     */
    public static int zone(DatapathId dpid) {
        return ConntrackZones.preferred(dpid);
    }
}
