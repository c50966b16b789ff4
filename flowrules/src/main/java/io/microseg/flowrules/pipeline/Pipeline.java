package io.microseg.flowrules.pipeline;

import static io.microseg.flowrules.flow.MatchField.ARP_OP;
import static io.microseg.flowrules.flow.MatchField.ARP_SHA;
import static io.microseg.flowrules.flow.MatchField.ARP_SPA;
import static io.microseg.flowrules.flow.MatchField.ARP_TPA;
import static io.microseg.flowrules.flow.MatchField.CT_MARK;
import static io.microseg.flowrules.flow.MatchField.CT_STATE;
import static io.microseg.flowrules.flow.MatchField.ETH_SRC;
import static io.microseg.flowrules.flow.MatchField.ETH_TYPE;
import static io.microseg.flowrules.flow.MatchField.ICMPV4_TYPE;
import static io.microseg.flowrules.flow.MatchField.IN_PORT;
import static io.microseg.flowrules.flow.MatchField.IPV4_DST;
import static io.microseg.flowrules.flow.MatchField.IPV4_SRC;
import static io.microseg.flowrules.flow.MatchField.IP_PROTO;
import static io.microseg.flowrules.flow.MatchField.METADATA;
import static io.microseg.flowrules.flow.MatchField.REG0;
import static io.microseg.flowrules.flow.MatchField.REG1;
import static io.microseg.flowrules.flow.MatchField.REG2;
import static io.microseg.flowrules.flow.MatchField.REG3;
import static io.microseg.flowrules.flow.MatchField.REG4;
import static io.microseg.flowrules.flow.MatchField.REG5;
import static io.microseg.flowrules.flow.MatchField.SCTP_DST;
import static io.microseg.flowrules.flow.MatchField.TCP_DST;
import static io.microseg.flowrules.flow.MatchField.UDP_DST;
import static io.microseg.flowrules.flow.MatchField.VLAN_VID;

import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.MatchField;
import io.microseg.flowrules.flow.TableSpec;
import io.microseg.flowrules.flow.TableSpec.Miss;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The microseg pipeline declared as data: one {@link TableSpec} per table, in packet order. Every compiled flow
 * is checked against its table's spec ({@link #problems}). flowrules/PIPELINE.md documents it table by table.
 */
public final class Pipeline {

    private static final Set<MatchField> RULE_FIELDS = EnumSet.of(METADATA, REG0, REG1, REG2, REG3, REG4, REG5,
            IP_PROTO, TCP_DST, UDP_DST, SCTP_DST, ICMPV4_TYPE);

    public static final List<TableSpec> TABLES = List.of(
            new TableSpec(Tables.PORT_SECURITY, "port-security",
                    "anti-spoofing: a workload's (in_port, MAC, IP) or a trunk/gateway port marks the origin; LLDP and"
                            + " IPv4/ARP of unknown hosts go to the controller (metered); tagged frames and every other"
                            + " ethertype drop",
                    EnumSet.of(IN_PORT, ETH_SRC, ETH_TYPE, VLAN_VID, IPV4_SRC, ARP_SPA, ARP_SHA),
                    Set.of(Tables.CONNTRACK, Tables.ARP), Miss.DROP),
            new TableSpec(Tables.CONNTRACK, "conntrack", "send IPv4 through conntrack in the switch's zone",
                    EnumSet.of(ETH_TYPE), Set.of(Tables.CONNTRACK_STATE), Miss.DROP),
            new TableSpec(Tables.CONNTRACK_STATE, "conntrack-state",
                    "invalid drops; established packets of the current policy epoch and related ones skip policy; new"
                            + " connections and (onTighten cut) stale ones are classified, stale replies swapped first",
                    EnumSet.of(CT_STATE, CT_MARK), Set.of(Tables.SOURCE_IDENTITY, Tables.FORWARD), Miss.DROP),
            new TableSpec(Tables.SOURCE_IDENTITY, "source-identity",
                    "source address to identity id (reg0): a workload's address, else the IP-block region",
                    EnumSet.of(IPV4_SRC), Set.of(Tables.DESTINATION_IDENTITY), Miss.DROP),
            new TableSpec(Tables.DESTINATION_IDENTITY, "destination-identity",
                    "destination address to identity id (reg1); marks destinations attached to this switch",
                    EnumSet.of(IPV4_DST), Set.of(Tables.EGRESS_SOURCE_BITS), Miss.DROP),
            new TableSpec(Tables.EGRESS_SOURCE_BITS, "egress-source-bits",
                    "source identity to its egress set bits (reg2, reg3) and mode; skip egress unless from a local workload",
                    EnumSet.of(METADATA, REG0), Set.of(Tables.EGRESS_DESTINATION_BITS, Tables.INGRESS_SOURCE_BITS),
                    Miss.clearThenNext(Arrays.asList(Marks.SOURCE_BITS), Marks.SOURCE_MODE_MASK)),
            new TableSpec(Tables.EGRESS_DESTINATION_BITS, "egress-destination-bits",
                    "destination identity to its egress peer bits (reg4, reg5)",
                    EnumSet.of(REG1), Set.of(Tables.EGRESS_RULES), Miss.clearThenNext(Arrays.asList(Marks.DESTINATION_BITS), 0)),
            new TableSpec(Tables.EGRESS_RULES, "egress-rules",
                    "tiered rules of the source, first match by priority: allow, deny (drop or report), pass",
                    RULE_FIELDS, Set.of(Tables.EGRESS_ISOLATION, Tables.INGRESS_SOURCE_BITS), Miss.NEXT_TABLE),
            new TableSpec(Tables.EGRESS_ISOLATION, "egress-isolation",
                    "NetworkPolicy egress rules and isolation, then the default posture",
                    RULE_FIELDS, Set.of(Tables.INGRESS_SOURCE_BITS), Miss.DROP),
            new TableSpec(Tables.INGRESS_SOURCE_BITS, "ingress-source-bits",
                    "source identity to its ingress peer bits; skip ingress unless the destination is local",
                    EnumSet.of(METADATA, REG0), Set.of(Tables.INGRESS_DESTINATION_BITS, Tables.COMMIT),
                    Miss.clearThenNext(Arrays.asList(Marks.SOURCE_BITS), 0)),
            new TableSpec(Tables.INGRESS_DESTINATION_BITS, "ingress-destination-bits",
                    "destination identity to its ingress set bits and mode",
                    EnumSet.of(REG1), Set.of(Tables.INGRESS_RULES),
                    Miss.clearThenNext(Arrays.asList(Marks.DESTINATION_BITS), Marks.DESTINATION_MODE_MASK)),
            new TableSpec(Tables.INGRESS_RULES, "ingress-rules",
                    "tiered rules of the destination, first match by priority",
                    RULE_FIELDS, Set.of(Tables.INGRESS_ISOLATION, Tables.COMMIT), Miss.NEXT_TABLE),
            new TableSpec(Tables.INGRESS_ISOLATION, "ingress-isolation",
                    "NetworkPolicy ingress rules and isolation, then the default posture",
                    RULE_FIELDS, Set.of(Tables.COMMIT), Miss.DROP),
            new TableSpec(Tables.COMMIT, "commit",
                    "commit the admitted connection to conntrack with the policy epoch in ct_mark; swap a checked reply back",
                    EnumSet.of(METADATA), Set.of(Tables.FORWARD), Miss.COMMIT_THEN_NEXT),
            new TableSpec(Tables.FORWARD, "forward",
                    "destination address to the local port or the next hop (or the gateway), then report",
                    EnumSet.of(IPV4_DST), Set.of(Tables.REPORT), Miss.DROP),
            new TableSpec(Tables.REPORT, "report",
                    "after forwarding: send would-deny packets to the controller (metered); the miss ends the pipeline",
                    EnumSet.of(METADATA), Set.of(), Miss.DROP),
            new TableSpec(Tables.ARP, "arp",
                    "requests for a managed workload's address answered by the switch; other ARP to the target's port"
                            + " or next hop only, never flooded",
                    EnumSet.of(ARP_TPA, ARP_OP), Set.of(), Miss.DROP));

    private Pipeline() {
    }

    public static TableSpec table(int id) {
        for (TableSpec spec : TABLES) {
            if (spec.id() == id) {
                return spec;
            }
        }
        throw new IllegalArgumentException("no table " + id + " in the pipeline");
    }

    /** Every problem of these flows against their tables' specs; empty when all fit. */
    public static List<String> problems(Collection<FlowEntry> flows) {
        List<String> problems = new ArrayList<>();
        for (FlowEntry flow : flows) {
            boolean known = TABLES.stream().anyMatch(spec -> spec.id() == flow.table());
            if (!known) {
                problems.add("no table " + flow.table() + ": " + flow);
            } else {
                problems.addAll(table(flow.table()).check(flow));
            }
        }
        return problems;
    }
}
