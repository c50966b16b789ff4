package io.microseg.flowrules.pipeline;

import io.microseg.flowrules.flow.Action;
import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.flow.CtState;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowMatch;
import io.microseg.flowrules.flow.Instruction;
import io.microseg.flowrules.flow.MatchField;
import java.util.ArrayList;
import java.util.List;

/** The fixed flows of every switch: conntrack, misses, commit, report, LLDP. One factory per kind of flow. */
public final class SkeletonFlows {

    private SkeletonFlows() {
    }

    /** All skeleton flows of a switch whose conntrack zone is {@code zone}. */
    public static List<FlowEntry> forSwitch(int zone, int generation) {
        Cookie cookie = Cookie.of(FlowCategory.SKELETON, generation, 0);
        List<FlowEntry> flows = new ArrayList<>();
        flows.add(lldpToController(cookie));
        flows.add(unknownHostToController(cookie));
        flows.add(conntrack(zone, cookie));
        flows.add(drop(Tables.CONNTRACK, cookie));
        flows.add(invalidDrops(cookie));
        flows.add(establishedSkipsPolicy(CtState.EST, cookie));
        flows.add(establishedSkipsPolicy(CtState.REL, cookie));
        flows.add(newIsClassified(cookie));
        flows.add(drop(Tables.CONNTRACK_STATE, cookie));
        flows.add(drop(Tables.SOURCE_IDENTITY, cookie));
        flows.add(drop(Tables.DESTINATION_IDENTITY, cookie));
        flows.add(skipStage(Tables.EGRESS_SOURCE_BITS, Marks.FROM_LOCAL, Tables.INGRESS_SOURCE_BITS, cookie));
        flows.add(noBits(Tables.EGRESS_SOURCE_BITS, Marks.SOURCE_BITS, Marks.SOURCE_MODE_MASK, cookie));
        flows.add(noBits(Tables.EGRESS_DESTINATION_BITS, Marks.DESTINATION_BITS, 0, cookie));
        flows.add(next(Tables.EGRESS_RULES, Tables.EGRESS_ISOLATION, cookie));
        flows.add(drop(Tables.EGRESS_ISOLATION, cookie));
        flows.add(skipStage(Tables.INGRESS_SOURCE_BITS, Marks.DESTINATION_LOCAL, Tables.COMMIT, cookie));
        flows.add(noBits(Tables.INGRESS_SOURCE_BITS, Marks.SOURCE_BITS, 0, cookie));
        flows.add(noBits(Tables.INGRESS_DESTINATION_BITS, Marks.DESTINATION_BITS, Marks.DESTINATION_MODE_MASK, cookie));
        flows.add(next(Tables.INGRESS_RULES, Tables.INGRESS_ISOLATION, cookie));
        flows.add(drop(Tables.INGRESS_ISOLATION, cookie));
        flows.add(commit(zone, cookie));
        flows.add(drop(Tables.FORWARD, cookie));
        flows.add(reportWouldDeny(cookie));
        flows.add(drop(Tables.REPORT, cookie));
        flows.add(drop(Tables.ARP, cookie));
        return flows;
    }

    /** Topology discovery needs every LLDP frame at the controller, from any port (links are not known yet). */
    static FlowEntry lldpToController(Cookie cookie) {
        return FlowEntry.of(Tables.PORT_SECURITY, Priorities.LLDP,
                FlowMatch.builder().ethType(MatchField.EthType.LLDP).build(), cookie,
                new Instruction.Meter(Meters.LLDP), Instruction.ApplyActions.of(Action.Output.toController()));
    }

    /** Whatever no port-security flow vouches for (unknown host, spoofed MAC or IP) is denied and reported. */
    static FlowEntry unknownHostToController(Cookie cookie) {
        return FlowEntry.of(Tables.PORT_SECURITY, Priorities.MISS, FlowMatch.any(), cookie,
                new Instruction.Meter(Meters.UNKNOWN_HOST), Instruction.ApplyActions.of(Action.Output.toController()));
    }

    /** IPv4 goes through conntrack in this switch's zone and recirculates into conntrack-state. */
    static FlowEntry conntrack(int zone, Cookie cookie) {
        return FlowEntry.of(Tables.CONNTRACK, Priorities.CONNTRACK,
                FlowMatch.builder().ethType(MatchField.EthType.IPV4).build(), cookie,
                Instruction.ApplyActions.of(Action.Conntrack.track(zone, Tables.CONNTRACK_STATE)));
    }

    /** Conntrack says the packet fits no connection (bad TCP state, checksum): drop, counted here. */
    static FlowEntry invalidDrops(Cookie cookie) {
        return FlowEntry.of(Tables.CONNTRACK_STATE, Priorities.CT_INVALID,
                FlowMatch.builder().ctState(CtState.TRK | CtState.INV, CtState.TRK | CtState.INV).build(), cookie);
    }

    /** Packets of an admitted connection (either direction) and related ones (ICMP errors) skip policy. */
    static FlowEntry establishedSkipsPolicy(int state, Cookie cookie) {
        return FlowEntry.of(Tables.CONNTRACK_STATE, Priorities.CT_ESTABLISHED,
                FlowMatch.builder().ctState(CtState.TRK | state, CtState.TRK | state | CtState.INV).build(), cookie,
                new Instruction.GotoTable(Tables.FORWARD));
    }

    /** Only new connections reach the policy tables. */
    static FlowEntry newIsClassified(Cookie cookie) {
        return FlowEntry.of(Tables.CONNTRACK_STATE, Priorities.CT_NEW,
                FlowMatch.builder().ctState(CtState.TRK | CtState.NEW, CtState.TRK | CtState.NEW | CtState.INV).build(),
                cookie, new Instruction.GotoTable(Tables.SOURCE_IDENTITY));
    }

    /** A stage applies only when its mark is set (egress: from a local workload; ingress: to one). */
    static FlowEntry skipStage(int table, long requiredMark, int skipTo, Cookie cookie) {
        return FlowEntry.of(table, Priorities.SKIP_STAGE, FlowMatch.builder().metadata(0, requiredMark).build(), cookie,
                new Instruction.GotoTable(skipTo));
    }

    /** An identity without bits in this stage: clear the side's registers (and mode: enforced) so no stale bit leaks. */
    static FlowEntry noBits(int table, MatchField[] registers, long modeMask, Cookie cookie) {
        List<Instruction> instructions = new ArrayList<>();
        instructions.add(Instruction.ApplyActions.of(new Action.SetField(registers[0], 0),
                new Action.SetField(registers[1], 0)));
        if (modeMask != 0) {
            instructions.add(new Instruction.WriteMetadata(0, modeMask));
        }
        instructions.add(new Instruction.GotoTable(table + 1));
        return new FlowEntry(table, Priorities.MISS, FlowMatch.any(), instructions, cookie);
    }

    /**
     * Commit the admitted new connection so its later packets and replies are established. Only IPv4 gets here;
     * the match says so because Open vSwitch refuses a ct action whose match lacks an IP prerequisite.
     */
    static FlowEntry commit(int zone, Cookie cookie) {
        return FlowEntry.of(Tables.COMMIT, Priorities.MISS, FlowMatch.builder().ethType(MatchField.EthType.IPV4).build(), cookie,
                Instruction.ApplyActions.of(Action.Conntrack.commit(zone)), new Instruction.GotoTable(Tables.FORWARD));
    }

    /** After forwarding: a would-deny goes to the controller, metered (a meter drop cannot undo the forward). */
    static FlowEntry reportWouldDeny(Cookie cookie) {
        return FlowEntry.of(Tables.REPORT, Priorities.WOULD_DENY,
                FlowMatch.builder().metadata(Marks.WOULD_DENY, Marks.WOULD_DENY).build(), cookie,
                new Instruction.Meter(Meters.POLICY_REPORT), Instruction.ApplyActions.of(Action.Output.toController()));
    }

    static FlowEntry next(int table, int to, Cookie cookie) {
        return FlowEntry.of(table, Priorities.MISS, FlowMatch.any(), cookie, new Instruction.GotoTable(to));
    }

    static FlowEntry drop(int table, Cookie cookie) {
        return FlowEntry.of(table, Priorities.MISS, FlowMatch.any(), cookie);
    }
}
