package io.microseg.controller.translate;

import io.microseg.flowrules.flow.Action;
import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowMatch;
import io.microseg.flowrules.flow.FlowOp;
import io.microseg.flowrules.flow.Instruction;
import io.microseg.flowrules.flow.MatchField;
import io.microseg.topology.PortNumber;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFMatchV3;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionNiciraCt;
import org.projectfloodlight.openflow.protocol.action.OFActionNiciraCtClear;
import org.projectfloodlight.openflow.protocol.action.OFActionNiciraMove;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.action.OFActionSetField;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionGotoTable;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionMeter;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionWriteMetadata;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;

/**
 * Flows as the switch gets them, in the simulator's terms: each flow is translated by {@link FlowTranslator} into an
 * OpenFlow 1.4 flow-add, serialized to bytes, parsed back with Loxi's reader, and decoded here. The decoder reads the
 * wire headers (OXM class and field numbers, NXM headers of moves) with its own table written from the OpenFlow 1.4
 * specification and the Nicira extensions, not from {@link LoxiField} or {@link NxmHeaders}, so a wrong mapping in
 * the translator reaches the simulator as a different flow (Faucet's fakeoftable runs real OpenFlow messages too).
 */
final class WireFlows {

    private static final int OXM_BASIC = 0x8000;
    private static final int NXM_0 = 0x0000;
    private static final int NXM_1 = 0x0001;
    private static final int CT_FLAG_COMMIT = 1;
    private static final int NO_RECIRC = 255;

    /** (class << 16 | field) -> our field, from the specifications. */
    private static final Map<Integer, MatchField> WIRE = new HashMap<>();

    static {
        Object[] basic = {0, MatchField.IN_PORT, 2, MatchField.METADATA, 3, MatchField.ETH_DST, 4, MatchField.ETH_SRC,
            5, MatchField.ETH_TYPE, 6, MatchField.VLAN_VID, 10, MatchField.IP_PROTO, 11, MatchField.IPV4_SRC,
            12, MatchField.IPV4_DST, 13, MatchField.TCP_SRC, 14, MatchField.TCP_DST, 15, MatchField.UDP_SRC,
            16, MatchField.UDP_DST, 17, MatchField.SCTP_SRC, 18, MatchField.SCTP_DST, 19, MatchField.ICMPV4_TYPE,
            20, MatchField.ICMPV4_CODE, 21, MatchField.ARP_OP, 22, MatchField.ARP_SPA, 23, MatchField.ARP_TPA,
            24, MatchField.ARP_SHA, 25, MatchField.ARP_THA};
        put(OXM_BASIC, basic);
        put(NXM_0, new Object[] {1, MatchField.ETH_DST, 2, MatchField.ETH_SRC, 3, MatchField.ETH_TYPE,
            6, MatchField.IP_PROTO, 7, MatchField.IPV4_SRC, 8, MatchField.IPV4_DST, 9, MatchField.TCP_SRC,
            10, MatchField.TCP_DST, 11, MatchField.UDP_SRC, 12, MatchField.UDP_DST, 15, MatchField.ARP_OP,
            16, MatchField.ARP_SPA, 17, MatchField.ARP_TPA});
        put(NXM_1, new Object[] {0, MatchField.REG0, 1, MatchField.REG1, 2, MatchField.REG2, 3, MatchField.REG3,
            4, MatchField.REG4, 5, MatchField.REG5, 6, MatchField.REG6, 17, MatchField.ARP_SHA, 18, MatchField.ARP_THA,
            105, MatchField.CT_STATE, 106, MatchField.CT_ZONE, 107, MatchField.CT_MARK});
    }

    private static void put(int oxmClass, Object[] pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            WIRE.put(oxmClass << 16 | (Integer) pairs[i], (MatchField) pairs[i + 1]);
        }
    }

    private final FlowTranslator translator = new FlowTranslator(OFFactories.getFactory(OFVersion.OF_14));

    /** The flows after the round trip through OpenFlow bytes. */
    List<FlowEntry> throughTheWire(List<FlowEntry> flows) {
        List<FlowEntry> out = new ArrayList<>(flows.size());
        for (FlowEntry flow : flows) {
            out.add(decode(parse(translator.toFlowMod(new FlowOp.Add(flow)))));
        }
        return out;
    }

    private static OFFlowAdd parse(OFMessage message) {
        ByteBuf bytes = Unpooled.buffer();
        message.writeTo(bytes);
        try {
            OFMessage back = OFFactories.getGenericReader().readFrom(bytes);
            if (bytes.isReadable()) {
                throw new AssertionError(bytes.readableBytes() + " bytes left after " + back);
            }
            return (OFFlowAdd) back;
        } catch (OFParseError e) {
            throw new AssertionError("the switch could not parse " + message, e);
        }
    }

    private static FlowEntry decode(OFFlowAdd add) {
        FlowMatch.Builder match = FlowMatch.builder();
        for (OFOxm<?> oxm : ((OFMatchV3) add.getMatch()).getOxmList()) {
            Field field = field(oxm);
            if (field.mask() == null) {
                match.exact(field.ours(), field.value());
            } else {
                match.masked(field.ours(), field.value(), field.mask());
            }
        }
        List<Instruction> instructions = new ArrayList<>();
        for (OFInstruction instruction : add.getInstructions()) {
            instructions.add(decode(instruction));
        }
        return new FlowEntry(add.getTableId().getValue(), add.getPriority(), match.build(), instructions,
                new Cookie(add.getCookie().getValue()));
    }

    private static Instruction decode(OFInstruction instruction) {
        if (instruction instanceof OFInstructionApplyActions apply) {
            List<Action> actions = new ArrayList<>();
            apply.getActions().forEach(action -> actions.add(decode(action)));
            return new Instruction.ApplyActions(actions);
        }
        if (instruction instanceof OFInstructionGotoTable go) {
            return new Instruction.GotoTable(go.getTableId().getValue());
        }
        if (instruction instanceof OFInstructionWriteMetadata write) {
            return new Instruction.WriteMetadata(write.getMetadata().getValue(), write.getMetadataMask().getValue());
        }
        if (instruction instanceof OFInstructionMeter meter) {
            return new Instruction.Meter(meter.getMeterId());
        }
        throw new AssertionError("unexpected instruction " + instruction);
    }

    private static Action decode(OFAction action) {
        if (action instanceof OFActionOutput output) {
            PortNumber port = PortNumber.ofWire(output.getPort().getPortNumber());
            return new Action.Output(port, port.equals(PortNumber.CONTROLLER) ? output.getMaxLen() : 0);
        }
        if (action instanceof OFActionSetField set) {
            Field field = field(set.getField());
            return new Action.SetField(field.ours(), field.value());
        }
        if (action instanceof OFActionNiciraMove move) {
            return new Action.Move(header((int) move.getSrc()), move.getSrcOfs(), header((int) move.getDst()),
                    move.getDstOfs(), move.getNBits());
        }
        if (action instanceof OFActionNiciraCtClear) {
            return new Action.CtClear();
        }
        if (action instanceof OFActionNiciraCt ct) {
            OptionalLong mark = OptionalLong.empty();
            for (OFAction nested : ct.getActions()) {
                Field field = field(((OFActionSetField) nested).getField());
                if (field.ours() != MatchField.CT_MARK) {
                    throw new AssertionError("ct sets " + field.ours());
                }
                mark = OptionalLong.of(field.value());
            }
            int table = ct.getRecircTable() & 0xff;
            return new Action.Conntrack((ct.getFlags() & CT_FLAG_COMMIT) != 0, ct.getZone(),
                    table == NO_RECIRC ? OptionalInt.empty() : OptionalInt.of(table), mark);
        }
        throw new AssertionError("unexpected action " + action);
    }

    /** One decoded OXM: our field, its value, its mask (null: exact). */
    private record Field(MatchField ours, long value, Long mask) {
    }

    /** Decodes an OXM from its bytes: header (class 16, field 7, hasmask 1, length 8), value, mask. */
    private static Field field(OFOxm<?> oxm) {
        ByteBuf bytes = Unpooled.buffer();
        oxm.writeTo(bytes);
        int header = bytes.readInt();
        MatchField ours = header(header);
        boolean hasMask = (header & 0x100) != 0;
        int length = header & 0xff;
        int width = hasMask ? length / 2 : length;
        long value = read(bytes, width);
        return new Field(ours, value, hasMask ? read(bytes, width) : null);
    }

    private static MatchField header(int header) {
        int key = (header >>> 16) << 16 | (header >>> 9) & 0x7f;
        MatchField ours = WIRE.get(key);
        if (ours == null) {
            throw new AssertionError(String.format("no field has wire header 0x%08x", header));
        }
        return ours;
    }

    private static long read(ByteBuf bytes, int width) {
        long value = 0;
        for (int i = 0; i < width; i++) {
            value = value << 8 | bytes.readUnsignedByte();
        }
        return value;
    }
}
