package io.microseg.controller.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.flow.Action;
import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowMatch;
import io.microseg.flowrules.flow.Instruction;
import io.microseg.flowrules.flow.MatchField;
import io.microseg.flowrules.pipeline.BaselineFlows;
import io.microseg.flowrules.pipeline.FlowCategory;
import io.microseg.flowrules.pipeline.Meters;
import io.microseg.flowrules.pipeline.Priorities;
import io.microseg.flowrules.pipeline.Tables;
import io.microseg.topology.DatapathId;
import io.microseg.topology.PortNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Per-port unknown-host meters on a real bridge: the runtime installs the meter a flow names before the flow, deletes
 * it once no flow names it, and a restarted controller deletes the per-port meter of a flow a previous run left for a
 * port that is gone.
 */
class PortMetersIT {

    @Test
    void perPortMetersComeAndGoWithTheFlowsThatNameThem() throws Exception {
        long five = Meters.UNKNOWN_HOST_PORT_BASE + 5;
        List<FlowEntry> base = BaselineFlows.failClosed();
        List<FlowEntry> withPort = withPunt(base, 5, five);
        int port;
        Bridge bridge;
        try (InProcessController first = InProcessController.start()) {
            port = first.port();
            bridge = Bridge.create(port, "OpenFlow13,OpenFlow14");
            first.awaitSwitch(bridge.dpid);
            first.pushAndWait(bridge.dpid, withPort);
            assertThat(meters(bridge)).contains(five);
            assertThat(bridge.flows()).anyMatch(f -> f.contains("meter:" + five));

            first.pushAndWait(bridge.dpid, base); // the port went: its flows, then its meter
            Eventually.assertThat(() -> meters(bridge), ids -> assertThat(ids).doesNotContain(five));

            first.pushAndWait(bridge.dpid, withPort);
            assertThat(meters(bridge)).contains(five);
        }
        try (bridge; InProcessController second = new InProcessController(port, dpid -> base)) {
            second.awaitSwitch(bridge.dpid);
            second.runtime.awaitInForce(DatapathId.of(bridge.dpid), 1).get(60, TimeUnit.SECONDS);
            assertThat(bridge.flows()).noneMatch(f -> f.contains("meter:" + five));
            Eventually.assertThat(() -> meters(bridge), ids -> assertThat(ids).doesNotContain(five));
        }
    }

    private static List<FlowEntry> withPunt(List<FlowEntry> base, long port, long meter) {
        List<FlowEntry> flows = new ArrayList<>(base);
        flows.add(FlowEntry.of(Tables.PORT_SECURITY, Priorities.UNKNOWN_HOST_PORT,
                FlowMatch.builder().inPort(PortNumber.of(port)).ethType(MatchField.EthType.IPV4).build(),
                Cookie.of(FlowCategory.SKELETON, 0), new Instruction.Meter(meter),
                Instruction.ApplyActions.of(Action.Output.toController())));
        return flows;
    }

    private static List<Long> meters(Bridge bridge) {
        List<Long> ids = new ArrayList<>();
        for (String line : Sh.lines(Sh.ok("ovs-ofctl", "-O", "OpenFlow13", "dump-meters", bridge.name))) {
            int at = line.indexOf("meter=");
            if (at >= 0) {
                ids.add(Long.parseLong(line.substring(at + 6).split("[^0-9]")[0]));
            }
        }
        return ids;
    }
}
