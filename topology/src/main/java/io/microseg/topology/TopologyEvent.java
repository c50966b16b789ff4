package io.microseg.topology;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Everything that can change a {@link TopologySnapshot}. The OpenFlow shell translates switch
 * messages and LLDP/packet-in observations into these; {@link TopologySnapshot#apply} is the only
 * place they take effect. Events about unknown switches or ports are ignored, not errors.
 */
public sealed interface TopologyEvent {

    /** A switch finished its handshake (or re-connected): its port list replaces the old one. */
    record SwitchUp(SwitchInfo info) implements TopologyEvent {
        public SwitchUp {
            Objects.requireNonNull(info, "info");
        }
    }

    /** A switch disconnected: its ports, the links touching them and the workloads on them go. */
    record SwitchDown(DatapathId dpid) implements TopologyEvent {
        public SwitchDown {
            Objects.requireNonNull(dpid, "dpid");
        }
    }

    /** A port was added or came up (OFPPR_ADD, or OFPPR_MODIFY with link up). */
    record PortUp(ConnectPoint point, String name, OptionalLong speedKbps) implements TopologyEvent {
        public PortUp {
            Objects.requireNonNull(point, "point");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(speedKbps, "speedKbps");
        }

        public static PortUp of(ConnectPoint point, String name) {
            return new PortUp(point, name, OptionalLong.empty());
        }

        PortInfo toPortInfo() {
            return new PortInfo(point.port(), name, true, speedKbps);
        }
    }

    /** A port lost link or was administratively downed: links touching it go, workloads stay. */
    record PortDown(ConnectPoint point) implements TopologyEvent {
        public PortDown {
            Objects.requireNonNull(point, "point");
        }
    }

    /** A port was deleted from the switch (OFPPR_DELETE): it goes with its links and workloads. */
    record PortRemoved(ConnectPoint point) implements TopologyEvent {
        public PortRemoved {
            Objects.requireNonNull(point, "point");
        }
    }

    /** Our LLDP probe sent out of {@code link.src()} arrived on {@code link.dst()} at {@code seen}. */
    record LinkUp(Link link, Instant seen) implements TopologyEvent {
        public LinkUp {
            Objects.requireNonNull(link, "link");
            Objects.requireNonNull(seen, "seen");
        }
    }

    /** One direction of a link is known to be gone. */
    record LinkDown(Link link) implements TopologyEvent {
        public LinkDown {
            Objects.requireNonNull(link, "link");
        }
    }

    /** A workload sent a packet from {@code point}; a MAC seen elsewhere is moved here. */
    record HostSeen(MacAddress mac, Set<Ipv4Address> ips, ConnectPoint point, Instant seen) implements TopologyEvent {
        public HostSeen {
            Objects.requireNonNull(mac, "mac");
            Objects.requireNonNull(point, "point");
            Objects.requireNonNull(seen, "seen");
            if (mac.isMulticast()) {
                throw new IllegalArgumentException("a workload has a unicast MAC, not " + mac);
            }
            ips = Set.copyOf(ips);
        }

        Attachment toAttachment() {
            return new Attachment(mac, ips, point, seen);
        }
    }

    /** A workload is known to be gone (deleted, or aged out by the shell). */
    record HostGone(MacAddress mac) implements TopologyEvent {
        public HostGone {
            Objects.requireNonNull(mac, "mac");
        }
    }
}
