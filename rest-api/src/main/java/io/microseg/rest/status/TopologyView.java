package io.microseg.rest.status;

import java.time.Instant;
import java.util.List;

/** {@code GET /topology}: switches with their ports, inter-switch links, workload attachments, unmanaged endpoints. */
public record TopologyView(List<SwitchView> switches, List<LinkView> links, List<AttachmentView> attachments,
        List<EndpointView> unmanagedEndpoints) {

    public static final TopologyView EMPTY = new TopologyView(List.of(), List.of(), List.of(), List.of());

    public TopologyView {
        switches = List.copyOf(switches);
        links = List.copyOf(links);
        attachments = List.copyOf(attachments);
        unmanagedEndpoints = List.copyOf(unmanagedEndpoints);
    }

    /** A switch by datapath id ({@code 00:00:00:00:00:00:00:01}) and its ports. */
    public record SwitchView(String dpid, List<PortView> ports) {
        public SwitchView {
            ports = List.copyOf(ports);
        }
    }

    /** A switch port. */
    public record PortView(long number, String name, boolean up) {
    }

    /** A directed link between two switch ports. */
    public record LinkView(String srcDpid, long srcPort, String dstDpid, long dstPort) {
    }

    /** Where a managed workload ({@code namespace/name}) is attached, as learned or configured. */
    public record AttachmentView(String workload, String dpid, long port, String mac, List<String> ips) {
        public AttachmentView {
            ips = List.copyOf(ips);
        }
    }

    /** A host seen on an edge port that is no managed workload. */
    public record EndpointView(String mac, List<String> ips, String dpid, long port, Instant lastSeen) {
        public EndpointView {
            ips = List.copyOf(ips);
        }
    }
}
