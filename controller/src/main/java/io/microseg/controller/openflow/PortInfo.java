package io.microseg.controller.openflow;

import io.microseg.topology.MacAddress;
import io.microseg.topology.PortNumber;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFPortConfig;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortState;

/** A switch port as the controller needs it: number, name, MAC, whether it can carry traffic. */
public record PortInfo(PortNumber number, String name, MacAddress mac, boolean up) {

    static PortInfo of(OFPortDesc desc) {
        Set<OFPortConfig> config = desc.getConfig();
        Set<OFPortState> state = desc.getState();
        boolean up = !config.contains(OFPortConfig.PORT_DOWN) && !state.contains(OFPortState.LINK_DOWN);
        return new PortInfo(PortNumber.ofWire(desc.getPortNo().getPortNumber()), desc.getName(),
                MacAddress.of(desc.getHwAddr().getLong()), up);
    }
}
