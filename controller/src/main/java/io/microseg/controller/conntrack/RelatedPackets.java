package io.microseg.controller.conntrack;

import io.microseg.controller.openflow.PacketIn;
import io.microseg.controller.openflow.SwitchListener;
import io.microseg.controller.openflow.SwitchSession;
import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.pipeline.FlowCategory;
import io.microseg.flowrules.pipeline.Tables;
import io.microseg.topology.packet.IcmpError;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Related packets (ICMP errors) that conntrack-state sent up (table 2, metered by meter 5): conntrack vouches only
 * that the quoted packet fits a connection and that the error goes back to its sender, so any host could forge one
 * (a port unreachable that tears down someone else's connection). Only an error from the quoted packet's own
 * destination, the connection's peer, goes on: a packet-out that resubmits it to the forward table of the switch it
 * came from. Anything else is dropped and counted; with the controller down every related packet is (fail closed).
 *
 * <p>Stateless and cheap (parse a few header bytes, one packet-out), so it runs on the event loop that delivered the
 * packet-in: no controller state is read or written.
 */
public final class RelatedPackets implements SwitchListener {
    private static final Logger LOG = LoggerFactory.getLogger(RelatedPackets.class);
    /** NXAST_RESUBMIT_TABLE's "keep the packet's in_port". */
    private static final int IN_PORT = 0xfff8;

    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    @Override
    public void packetIn(SwitchSession session, PacketIn packet) {
        Cookie cookie = new Cookie(packet.cookie());
        if (packet.table() != Tables.CONNTRACK_STATE || !cookie.isOurs() || cookie.category() != FlowCategory.SKELETON) {
            return;
        }
        Optional<IcmpError> error = IcmpError.parse(packet.data());
        if (error.isPresent() && error.get().fromQuotedPeer()) {
            forwarded.incrementAndGet();
            session.sendQuietly(packetOut(session.factory(), packet));
            LOG.debug("switch {} port {}: related {} forwarded", session.dpid(), packet.inPort(), error.get());
        } else {
            refused.incrementAndGet();
            LOG.debug("switch {} port {}: related packet refused, not from the connection's peer: {}", session.dpid(),
                    packet.inPort(), error.map(IcmpError::toString).orElse(packet.data().length + " bytes"));
        }
    }

    /** The packet back into its switch, as if from its port, straight to the forward table. */
    static OFMessage packetOut(OFFactory factory, PacketIn packet) {
        return factory.buildPacketOut()
                .setBufferId(OFBufferId.NO_BUFFER)
                .setInPort(OFPort.of((int) packet.inPort().value()))
                .setActions(List.of(factory.actions().buildNiciraResubmitTable().setInPort(IN_PORT)
                        .setTable((short) Tables.FORWARD).build()))
                .setData(packet.data())
                .build();
    }

    /** Related packets sent on (from the connection's peer). */
    public long forwardedCount() {
        return forwarded.get();
    }

    /** Related packets dropped (from a third host, or not an ICMP error). */
    public long refusedCount() {
        return refused.get();
    }
}
