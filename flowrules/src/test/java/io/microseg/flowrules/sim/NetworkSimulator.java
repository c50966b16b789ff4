package io.microseg.flowrules.sim;

import io.microseg.flowrules.compiler.CompiledNetwork;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Several simulated switches joined by links: a packet leaving by a linked port enters the peer switch at the
 * link's other end; leaving by any other port it is delivered there. Conntrack is shared (zones tell switches apart).
 */
public final class NetworkSimulator {

    /** Everything a packet sent into the network caused. */
    public record Trace(List<ConnectPoint> delivered, List<Packet> deliveredPackets,
            List<SwitchSimulator.PacketIn> packetIns, List<FlowEntry> path) {
        public boolean deliveredAt(ConnectPoint point) {
            return delivered.contains(point);
        }
    }

    private final Map<DatapathId, SwitchSimulator> switches = new HashMap<>();
    private final Map<ConnectPoint, ConnectPoint> links = new HashMap<>();
    private final Conntrack conntrack;

    public NetworkSimulator(CompiledNetwork network, Map<ConnectPoint, ConnectPoint> links) {
        this(network, links, new Conntrack());
    }

    /** Switches running {@code network}'s flows over an existing conntrack (the connections outlive a recompile). */
    public NetworkSimulator(CompiledNetwork network, Map<ConnectPoint, ConnectPoint> links, Conntrack conntrack) {
        this(network.flows(), links, conntrack);
    }

    /** Switches running these flows (by switch) over an existing conntrack. */
    public NetworkSimulator(Map<DatapathId, List<FlowEntry>> flows, Map<ConnectPoint, ConnectPoint> links,
            Conntrack conntrack) {
        this.conntrack = conntrack;
        flows.forEach((dpid, entries) -> switches.put(dpid, new SwitchSimulator(dpid, entries, conntrack)));
        this.links.putAll(links);
    }

    public Trace send(ConnectPoint at, Packet packet) {
        record Hop(ConnectPoint at, Packet packet) {
        }
        List<ConnectPoint> delivered = new ArrayList<>();
        List<Packet> deliveredPackets = new ArrayList<>();
        List<SwitchSimulator.PacketIn> packetIns = new ArrayList<>();
        List<FlowEntry> path = new ArrayList<>();
        Deque<Hop> queue = new ArrayDeque<>();
        queue.add(new Hop(at, packet));
        int hops = 0;
        while (!queue.isEmpty()) {
            if (++hops > 32) {
                throw new IllegalStateException("forwarding loop for " + packet);
            }
            Hop hop = queue.poll();
            SwitchSimulator sw = switches.get(hop.at().dpid());
            if (sw == null) {
                continue;
            }
            SwitchSimulator.Result result = sw.process(hop.packet(), hop.at().port());
            packetIns.addAll(result.packetIns());
            path.addAll(result.path());
            for (SwitchSimulator.Emitted out : result.outputs()) {
                ConnectPoint exit = ConnectPoint.of(hop.at().dpid(), out.port());
                ConnectPoint peer = links.get(exit);
                if (peer != null) {
                    queue.add(new Hop(peer, out.packet()));
                } else {
                    delivered.add(exit);
                    deliveredPackets.add(out.packet());
                }
            }
        }
        return new Trace(delivered, deliveredPackets, packetIns, path);
    }

    public SwitchSimulator switchAt(DatapathId dpid) {
        return switches.get(dpid);
    }

    public Conntrack conntrack() {
        return conntrack;
    }
}
