package io.microseg.controller.it;

import io.microseg.flowrules.flow.Action;
import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowMatch;
import io.microseg.flowrules.flow.Instruction;
import io.microseg.flowrules.flow.MatchField;
import io.microseg.flowrules.pipeline.BaselineFlows;
import io.microseg.topology.Ipv4Address;
import io.microseg.topology.PortNumber;
import java.util.ArrayList;
import java.util.List;

/** Distinct test flows: the baseline plus {@code n} TCP flows in table 1 (distinct destination address and port). */
final class Flows {
    private Flows() {
    }

    static FlowEntry numbered(int i) {
        return FlowEntry.of(1, 1000, FlowMatch.builder()
                        .ipv4Dst(Ipv4Address.of(0x0a000000 | i)).exact(MatchField.TCP_DST, 1 + (i % 60000)).build(),
                Cookie.of(2, i), Instruction.ApplyActions.of(Action.Output.to(PortNumber.of(1 + (i % 4)))));
    }

    static List<FlowEntry> withBaseline(int n) {
        List<FlowEntry> out = new ArrayList<>(BaselineFlows.failClosed());
        for (int i = 0; i < n; i++) {
            out.add(numbered(i));
        }
        return out;
    }
}
