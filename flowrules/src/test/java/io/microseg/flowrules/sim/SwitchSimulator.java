package io.microseg.flowrules.sim;

import io.microseg.flowrules.flow.Action;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.Instruction;
import io.microseg.flowrules.flow.MatchField;
import io.microseg.topology.DatapathId;
import io.microseg.topology.PortNumber;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs one switch's flow tables on a packet as OpenFlow 1.3 with Nicira conntrack would: per table the highest
 * priority match (two matching flows of that priority with different instructions are an error), instructions in
 * order meter, apply-actions, write-metadata, goto; outputs happen when applied; {@code ct(table=N)} recirculates
 * with ct_state set and registers and metadata kept; meters pass and count; CONTROLLER output is a packet-in; output
 * to the packet's own in_port happens only by IN_PORT; move copies bits of one field into another; a commit may set
 * ct_mark, which the next conntrack lookup gives.
 */
public final class SwitchSimulator {

    /** A packet sent to the controller: from which table and flow, with the pipeline fields at that moment. */
    public record PacketIn(DatapathId dpid, int table, long cookie, Map<MatchField, Long> fields) {
        public long metadata() {
            return fields.getOrDefault(MatchField.METADATA, 0L);
        }
    }

    /** A packet leaving by a port, with its headers as they were then. */
    public record Emitted(PortNumber port, Packet packet) {
    }

    /** What one packet did in this switch. */
    public record Result(List<Emitted> outputs, List<PacketIn> packetIns, List<FlowEntry> path) {
    }

    private final DatapathId dpid;
    private final Map<Integer, List<FlowEntry>> tables = new TreeMap<>();
    private final Map<FlowEntry, Long> counters = new IdentityHashMap<>();
    private final Map<Long, Long> meters = new HashMap<>();
    private final Conntrack conntrack;

    public SwitchSimulator(DatapathId dpid, Collection<FlowEntry> flows, Conntrack conntrack) {
        this.dpid = dpid;
        this.conntrack = conntrack;
        for (FlowEntry flow : flows) {
            tables.computeIfAbsent(flow.table(), t -> new ArrayList<>()).add(flow);
        }
        tables.values().forEach(list -> list.sort((a, b) -> Integer.compare(b.priority(), a.priority())));
    }

    public Result process(Packet packet, PortNumber inPort) {
        Map<MatchField, Long> fields = new EnumMap<>(MatchField.class);
        fields.putAll(packet.headers());
        fields.put(MatchField.IN_PORT, inPort.value());
        fields.put(MatchField.METADATA, 0L);
        for (int r = 0; r <= 6; r++) {
            fields.put(MatchField.register(r), 0L);
        }
        fields.put(MatchField.CT_STATE, 0L);
        fields.put(MatchField.CT_ZONE, 0L);
        fields.put(MatchField.CT_MARK, 0L);
        List<Emitted> outputs = new ArrayList<>();
        List<PacketIn> packetIns = new ArrayList<>();
        List<FlowEntry> path = new ArrayList<>();
        int table = 0;
        for (int steps = 0; steps < 64; steps++) {
            FlowEntry flow = lookup(table, fields);
            if (flow == null) {
                break;
            }
            path.add(flow);
            counters.merge(flow, 1L, Long::sum);
            Integer next = null;
            for (Instruction instruction : flow.instructions()) {
                if (instruction instanceof Instruction.Meter meter) {
                    meters.merge(meter.meterId(), 1L, Long::sum);
                } else if (instruction instanceof Instruction.ApplyActions apply) {
                    for (Action action : apply.actions()) {
                        if (action instanceof Action.Output output) {
                            if (output.port().equals(PortNumber.CONTROLLER)) {
                                packetIns.add(new PacketIn(dpid, table, flow.cookie().value(), Map.copyOf(fields)));
                            } else if (output.port().equals(PortNumber.IN_PORT)) {
                                outputs.add(new Emitted(PortNumber.of(fields.get(MatchField.IN_PORT)),
                                        headersOf(fields, packet)));
                            } else if (output.port().value() != fields.get(MatchField.IN_PORT)) {
                                outputs.add(new Emitted(output.port(), headersOf(fields, packet)));
                            }
                        } else if (action instanceof Action.SetField set) {
                            fields.put(set.field(), set.value());
                        } else if (action instanceof Action.Move move) {
                            Long value = fields.get(move.src());
                            Long into = move.whole() ? Long.valueOf(0) : fields.get(move.dst());
                            if (value == null || into == null) {
                                throw new IllegalStateException("move between fields the packet lacks: " + flow);
                            }
                            long bits = move.bits() == 64 ? -1L : (1L << move.bits()) - 1;
                            long moved = (value >>> move.srcOffset()) & bits;
                            fields.put(move.dst(), (into & ~(bits << move.dstOffset())) | (moved << move.dstOffset()));
                        } else if (action instanceof Action.CtClear) {
                            fields.put(MatchField.CT_STATE, 0L);
                            fields.put(MatchField.CT_ZONE, 0L);
                            fields.put(MatchField.CT_MARK, 0L);
                        } else if (action instanceof Action.Conntrack ct) {
                            if (ct.commit()) {
                                conntrack.commit(ct.zone(), fields, packet.icmpId(),
                                        ct.setMark().isPresent() ? ct.setMark().getAsLong() : null);
                            }
                            if (ct.table().isPresent()) {
                                fields.put(MatchField.CT_STATE, conntrack.lookup(ct.zone(), fields, packet.invalid(), packet.icmpId()));
                                fields.put(MatchField.CT_MARK, conntrack.mark(ct.zone(), fields, packet.icmpId()));
                                fields.put(MatchField.CT_ZONE, (long) ct.zone());
                                next = ct.table().getAsInt();
                            }
                        }
                    }
                } else if (instruction instanceof Instruction.WriteMetadata write) {
                    long old = fields.get(MatchField.METADATA);
                    fields.put(MatchField.METADATA, (old & ~write.mask()) | (write.value() & write.mask()));
                } else if (instruction instanceof Instruction.GotoTable go) {
                    if (next != null) {
                        throw new IllegalStateException("ct recirculation and goto in one flow: " + flow);
                    }
                    next = go.table();
                }
            }
            if (next == null) {
                break;
            }
            table = next;
        }
        return new Result(outputs, packetIns, path);
    }

    private FlowEntry lookup(int table, Map<MatchField, Long> fields) {
        FlowEntry found = null;
        for (FlowEntry flow : tables.getOrDefault(table, List.of())) {
            if (found != null && flow.priority() < found.priority()) {
                break;
            }
            if (flow.match().matches(fields)) {
                if (found != null && !found.instructions().equals(flow.instructions())) {
                    throw new IllegalStateException("ambiguous match in table " + table + ": " + found + " / " + flow);
                }
                if (found == null) {
                    found = flow;
                }
            }
        }
        return found;
    }

    private static Packet headersOf(Map<MatchField, Long> fields, Packet original) {
        Map<MatchField, Long> headers = new EnumMap<>(MatchField.class);
        fields.forEach((field, value) -> {
            boolean pipeline = field == MatchField.IN_PORT || field == MatchField.METADATA || field.name().startsWith("REG")
                    || field == MatchField.CT_STATE || field == MatchField.CT_ZONE || field == MatchField.CT_MARK;
            if (!pipeline) {
                headers.put(field, value);
            }
        });
        return new Packet(headers, original.invalid(), original.icmpId());
    }

    /** How many packets hit this flow (by identity in this switch's list). */
    public long packets(FlowEntry flow) {
        return counters.getOrDefault(flow, 0L);
    }

    public long meterPackets(long meterId) {
        return meters.getOrDefault(meterId, 0L);
    }

    public Map<FlowEntry, Long> counters() {
        return counters;
    }

    public DatapathId dpid() {
        return dpid;
    }
}
