package io.microseg.flowrules.pipeline;

import io.microseg.flowrules.flow.Action;
import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.flow.CtState;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowMatch;
import io.microseg.flowrules.flow.Instruction;
import io.microseg.flowrules.flow.MatchField;
import io.microseg.flowrules.flow.TableSpec;
import java.util.ArrayList;
import java.util.List;

/** The fixed flows of every switch: conntrack, misses, commit, report, LLDP. One factory per kind of flow. */
public final class SkeletonFlows {

    private SkeletonFlows() {
    }

    /**
     * All skeleton flows of a switch whose conntrack zone is {@code zone}, with connections committed in policy
     * {@code epoch}; {@code cut}: an established connection of an older epoch is checked again (onTighten: cut),
     * else it skips policy as before (keep).
     */
    public static List<FlowEntry> forSwitch(int zone, long epoch, boolean cut) {
        return forSwitch(zone, true, epoch, cut);
    }

    /**
     * As {@link #forSwitch(int, long, boolean)}; {@code dropTagged}: whether 802.1Q-tagged frames are dropped in
     * table 0 (the default; see {@link #taggedDrop}).
     */
    public static List<FlowEntry> forSwitch(int zone, boolean dropTagged, long epoch, boolean cut) {
        Cookie cookie = Cookie.of(FlowCategory.SKELETON, 0);
        List<FlowEntry> flows = new ArrayList<>();
        if (dropTagged) {
            flows.add(taggedDrop(cookie));
        }
        flows.add(lldpToController(cookie));
        flows.add(unknownHostToController(MatchField.EthType.IPV4, cookie));
        flows.add(unknownHostToController(MatchField.EthType.ARP, cookie));
        flows.add(conntrack(zone, cookie));
        flows.add(invalidDrops(cookie));
        if (cut) {
            flows.add(currentEpochSkipsPolicy(epoch, cookie));
            flows.addAll(staleRepliesAreChecked(cookie));
            flows.add(staleOriginalsAreChecked(cookie));
        } else {
            flows.add(establishedSkipsPolicy(CtState.EST, cookie));
        }
        flows.add(relatedToController(cookie));
        flows.add(newIsClassified(cookie));
        flows.add(skipStage(Tables.EGRESS_SOURCE_BITS, Marks.FROM_LOCAL, Tables.INGRESS_SOURCE_BITS, cookie));
        flows.add(skipStage(Tables.INGRESS_SOURCE_BITS, Marks.DESTINATION_LOCAL, Tables.COMMIT, cookie));
        flows.addAll(commitReplies(zone, epoch, cookie));
        flows.add(commitLocalOrigin(zone, epoch, cookie));
        flows.add(reportWouldDeny(cookie));
        flows.addAll(misses(zone, epoch, cookie));
        return flows;
    }

    /** Topology discovery needs every LLDP frame at the controller, from any port (links are not known yet). */
    static FlowEntry lldpToController(Cookie cookie) {
        return FlowEntry.of(Tables.PORT_SECURITY, Priorities.LLDP,
                FlowMatch.builder().ethType(MatchField.EthType.LLDP).build(), cookie,
                new Instruction.Meter(Meters.LLDP), Instruction.ApplyActions.of(Action.Output.toController()));
    }

    /**
     * A tagged frame would be policed on its inner packet (OpenFlow's eth_type is the one after the tag) and then
     * delivered still tagged, into whatever VLAN the sender chose: drop it, from any port, counted here.
     */
    static FlowEntry taggedDrop(Cookie cookie) {
        return FlowEntry.of(Tables.PORT_SECURITY, Priorities.TAGGED_FRAME, FlowMatch.builder().vlanTagged().build(),
                cookie);
    }

    /**
     * IPv4 or ARP no port-security flow vouches for (unknown host, spoofed MAC or IP) is denied and reported, through
     * the unknown-host meter.
     */
    static FlowEntry unknownHostToController(int ethType, Cookie cookie) {
        return FlowEntry.of(Tables.PORT_SECURITY, Priorities.UNKNOWN_HOST, FlowMatch.builder().ethType(ethType).build(),
                cookie, new Instruction.Meter(Meters.UNKNOWN_HOST), Instruction.ApplyActions.of(Action.Output.toController()));
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

    /** onTighten keep: packets of an admitted connection (either direction) skip policy. */
    static FlowEntry establishedSkipsPolicy(int state, Cookie cookie) {
        return FlowEntry.of(Tables.CONNTRACK_STATE, Priorities.CT_ESTABLISHED,
                FlowMatch.builder().ctState(CtState.TRK | state, CtState.TRK | state | CtState.INV).build(), cookie,
                new Instruction.GotoTable(Tables.FORWARD));
    }

    /**
     * Related packets (ICMP errors quoting a connection) go to the controller, metered, not to forwarding: conntrack
     * checks only that the quoted packet fits a connection and that the error goes to its sender, so any host could
     * send one. The controller sends on only an error from the quoted packet's own destination (its peer).
     */
    static FlowEntry relatedToController(Cookie cookie) {
        return FlowEntry.of(Tables.CONNTRACK_STATE, Priorities.CT_ESTABLISHED,
                FlowMatch.builder().ctState(CtState.TRK | CtState.REL, CtState.TRK | CtState.REL | CtState.INV).build(),
                cookie, new Instruction.Meter(Meters.RELATED),
                Instruction.ApplyActions.of(new Action.CtClear(), Action.Output.toController()));
    }

    /** Only new connections reach the policy tables. */
    static FlowEntry newIsClassified(Cookie cookie) {
        return FlowEntry.of(Tables.CONNTRACK_STATE, Priorities.CT_NEW,
                FlowMatch.builder().ctState(CtState.TRK | CtState.NEW, CtState.TRK | CtState.NEW | CtState.INV).build(),
                cookie, new Instruction.GotoTable(Tables.SOURCE_IDENTITY));
    }

    /** onTighten cut: an established packet of a connection admitted in the current epoch skips policy. */
    static FlowEntry currentEpochSkipsPolicy(long epoch, Cookie cookie) {
        return FlowEntry.of(Tables.CONNTRACK_STATE, Priorities.CT_CURRENT,
                FlowMatch.builder().ctState(CtState.TRK | CtState.EST, CtState.TRK | CtState.EST | CtState.INV)
                        .masked(MatchField.CT_MARK, epoch, Marks.CT_EPOCH_MASK).build(),
                cookie, new Instruction.GotoTable(Tables.FORWARD));
    }

    /**
     * onTighten cut: a packet in the original direction of a connection from an older epoch is classified like a new
     * one; commit re-marks it if the policy still allows it, a deny drops it (counted on the deny).
     */
    static FlowEntry staleOriginalsAreChecked(Cookie cookie) {
        return FlowEntry.of(Tables.CONNTRACK_STATE, Priorities.CT_ESTABLISHED,
                FlowMatch.builder().ctState(CtState.TRK | CtState.EST, CtState.TRK | CtState.EST | CtState.INV).build(),
                cookie, new Instruction.GotoTable(Tables.SOURCE_IDENTITY));
    }

    /**
     * onTighten cut: a reply of a connection from an older epoch is checked as its connection: addresses and ports
     * swapped (the policy tables judge the original direction), egress decided here if the connection's origin is a
     * workload on this switch (ct_mark says so; ingress follows from the destination as usual), then swapped back at
     * commit. So a server may keep pushing on a connection that is still allowed, and nothing passes on one that is not.
     */
    static List<FlowEntry> staleRepliesAreChecked(Cookie cookie) {
        List<FlowEntry> flows = new ArrayList<>();
        int state = CtState.TRK | CtState.EST | CtState.RPL;
        for (long origin : new long[] {Marks.CT_ORIGIN_LOCAL, 0}) {
            List<Instruction> mark = List.of(new Instruction.WriteMetadata(
                    Marks.REPLY_CHECK | (origin != 0 ? Marks.FROM_LOCAL : 0), Marks.REPLY_CHECK | Marks.ORIGIN_MASK),
                    new Instruction.GotoTable(Tables.SOURCE_IDENTITY));
            for (int proto : PORT_PROTOCOLS) {
                flows.add(staleReply(state, origin, proto, Priorities.CT_STALE_REPLY, mark, cookie));
            }
            flows.add(staleReply(state, origin, 0, Priorities.CT_STALE_REPLY_OTHER, mark, cookie));
        }
        return flows;
    }

    private static FlowEntry staleReply(int state, long origin, int proto, int priority, List<Instruction> mark,
            Cookie cookie) {
        FlowMatch.Builder match = FlowMatch.builder().ethType(MatchField.EthType.IPV4) // moves of IPv4 fields need it
                .ctState(state, state | CtState.INV).masked(MatchField.CT_MARK, origin, Marks.CT_ORIGIN_LOCAL);
        if (proto != 0) {
            match.ipProto(proto);
        }
        List<Instruction> instructions = new ArrayList<>();
        instructions.add(new Instruction.ApplyActions(swap(proto)));
        instructions.addAll(mark);
        return new FlowEntry(Tables.CONNTRACK_STATE, priority, match.build(), instructions, cookie);
    }

    /** A stage applies only when its mark is set (egress: from a local workload; ingress: to one). */
    static FlowEntry skipStage(int table, long requiredMark, int skipTo, Cookie cookie) {
        return FlowEntry.of(table, Priorities.SKIP_STAGE, FlowMatch.builder().metadata(0, requiredMark).build(), cookie,
                new Instruction.GotoTable(skipTo));
    }

    /**
     * Commit the admitted connection so its later packets and replies are established, marked with the policy epoch
     * that admitted it. Only IPv4 gets here; the match says so because Open vSwitch refuses a ct action whose match
     * lacks an IP prerequisite.
     */
    static FlowEntry commit(int table, int zone, long epoch, Cookie cookie) {
        return FlowEntry.of(table, Priorities.MISS, FlowMatch.builder().ethType(MatchField.EthType.IPV4).build(), cookie,
                Instruction.ApplyActions.of(Action.Conntrack.commitWithMark(zone, epoch)),
                new Instruction.GotoTable(table + 1));
    }

    /** A connection from a workload on this switch also records that, for a later re-check of its replies. */
    static FlowEntry commitLocalOrigin(int zone, long epoch, Cookie cookie) {
        return FlowEntry.of(Tables.COMMIT, Priorities.COMMIT_LOCAL_ORIGIN,
                FlowMatch.builder().ethType(MatchField.EthType.IPV4).metadata(Marks.FROM_LOCAL, Marks.FROM_LOCAL).build(),
                cookie, Instruction.ApplyActions.of(Action.Conntrack.commitWithMark(zone, epoch | Marks.CT_ORIGIN_LOCAL)),
                new Instruction.GotoTable(Tables.FORWARD));
    }

    /**
     * A stale reply the policy still allows: swap its addresses and ports back, re-mark its connection with the
     * current epoch (and the origin it had), forward. Not reported as a would-deny: the report would name the reply's
     * tuple, not the connection's; its original direction reports when checked.
     */
    static List<FlowEntry> commitReplies(int zone, long epoch, Cookie cookie) {
        List<FlowEntry> flows = new ArrayList<>();
        for (long origin : new long[] {Marks.FROM_LOCAL, 0}) {
            long mark = epoch | (origin != 0 ? Marks.CT_ORIGIN_LOCAL : 0);
            for (int proto : PORT_PROTOCOLS) {
                flows.add(commitReply(zone, mark, origin, proto, Priorities.COMMIT_REPLY, cookie));
            }
            flows.add(commitReply(zone, mark, origin, 0, Priorities.COMMIT_REPLY_OTHER, cookie));
        }
        return flows;
    }

    private static FlowEntry commitReply(int zone, long mark, long origin, int proto, int priority, Cookie cookie) {
        FlowMatch.Builder match = FlowMatch.builder().ethType(MatchField.EthType.IPV4)
                .metadata(Marks.REPLY_CHECK | origin, Marks.REPLY_CHECK | Marks.FROM_LOCAL);
        if (proto != 0) {
            match.ipProto(proto);
        }
        List<Action> actions = new ArrayList<>(swap(proto));
        actions.add(Action.Conntrack.commitWithMark(zone, mark));
        return new FlowEntry(Tables.COMMIT, priority, match.build(), List.of(new Instruction.ApplyActions(actions),
                new Instruction.WriteMetadata(0, Marks.REPLY_CHECK | Marks.WOULD_DENY),
                new Instruction.GotoTable(Tables.FORWARD)), cookie);
    }

    /** The IP protocols whose conntrack tuple has ports (their replies swap ports too). */
    private static final int[] PORT_PROTOCOLS = {MatchField.IpProto.TCP, MatchField.IpProto.UDP, MatchField.IpProto.SCTP};

    /**
     * Swaps source and destination address (and ports for {@code proto} TCP, UDP or SCTP; 0: addresses only), with
     * reg0 and the low half of reg1 as scratch: in conntrack-state they are not yet written, in commit no longer read.
     */
    static List<Action> swap(int proto) {
        List<Action> actions = new ArrayList<>(List.of(
                new Action.Move(MatchField.IPV4_SRC, MatchField.REG0),
                new Action.Move(MatchField.IPV4_DST, MatchField.IPV4_SRC),
                new Action.Move(MatchField.REG0, MatchField.IPV4_DST)));
        MatchField[] ports = switch (proto) {
            case MatchField.IpProto.TCP -> new MatchField[] {MatchField.TCP_SRC, MatchField.TCP_DST};
            case MatchField.IpProto.UDP -> new MatchField[] {MatchField.UDP_SRC, MatchField.UDP_DST};
            case MatchField.IpProto.SCTP -> new MatchField[] {MatchField.SCTP_SRC, MatchField.SCTP_DST};
            default -> null;
        };
        if (ports != null) {
            actions.add(new Action.Move(ports[0], 0, MatchField.REG1, 0, 16));
            actions.add(new Action.Move(ports[1], ports[0]));
            actions.add(new Action.Move(MatchField.REG1, 0, ports[1], 0, 16));
        }
        return actions;
    }

    /** After forwarding: a would-deny goes to the controller, metered (a meter drop cannot undo the forward). */
    static FlowEntry reportWouldDeny(Cookie cookie) {
        return FlowEntry.of(Tables.REPORT, Priorities.WOULD_DENY,
                FlowMatch.builder().metadata(Marks.WOULD_DENY, Marks.WOULD_DENY).build(), cookie,
                new Instruction.Meter(Meters.POLICY_REPORT), Instruction.ApplyActions.of(Action.Output.toController()));
    }

    /**
     * The miss flow of every table, each built from its declaration in {@link Pipeline#TABLES} and nowhere else; the
     * table-0 miss drops IPv6 (and its neighbour discovery) and every other ethertype without a packet-in per frame,
     * counted there, since the pipeline polices IPv4 and ARP only.
     */
    static List<FlowEntry> misses(int zone, long epoch, Cookie cookie) {
        return Pipeline.TABLES.stream().map(spec -> miss(spec, zone, epoch, cookie)).toList();
    }

    static FlowEntry miss(TableSpec spec, int zone, long epoch, Cookie cookie) {
        return switch (spec.miss().kind()) {
            case DROP -> FlowEntry.of(spec.id(), Priorities.MISS, FlowMatch.any(), cookie);
            case NEXT_TABLE -> clearThenNext(spec.id(), spec.miss(), cookie);
            case COMMIT_THEN_NEXT -> commit(spec.id(), zone, epoch, cookie);
        };
    }

    /**
     * Go on to the next table, first clearing what the miss declares: an identity without bits in a stage clears the
     * side's registers (and mode: enforced) so no stale bit leaks.
     */
    private static FlowEntry clearThenNext(int table, TableSpec.Miss miss, Cookie cookie) {
        List<Instruction> instructions = new ArrayList<>();
        if (!miss.clears().isEmpty()) {
            instructions.add(new Instruction.ApplyActions(
                    miss.clears().stream().<Action>map(register -> new Action.SetField(register, 0)).toList()));
        }
        if (miss.clearsMetadata() != 0) {
            instructions.add(new Instruction.WriteMetadata(0, miss.clearsMetadata()));
        }
        instructions.add(new Instruction.GotoTable(table + 1));
        return new FlowEntry(table, Priorities.MISS, FlowMatch.any(), instructions, cookie);
    }
}
