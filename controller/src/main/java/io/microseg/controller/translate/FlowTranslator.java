package io.microseg.controller.translate;

import io.microseg.flowrules.flow.Action;
import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowMatch;
import io.microseg.flowrules.flow.FlowOp;
import io.microseg.flowrules.flow.Instruction;
import io.microseg.flowrules.flow.MaskedValue;
import io.microseg.flowrules.flow.MatchField;
import io.microseg.topology.PortNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
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
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.types.Masked;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFValueType;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * Turns our flow model into Loxi flow-mods and Loxi flow-stats entries back into our model.
 * The only place where {@code flowrules} values meet OpenFlowJ-Loxi.
 */
public final class FlowTranslator {
    /** Nicira ct: "no recirculation". */
    private static final short NO_RECIRC = (short) 255;
    private static final int CT_FLAG_COMMIT = 1;

    private final OFFactory factory;

    public FlowTranslator(OFFactory factory) {
        this.factory = factory;
    }

    public OFFactory factory() {
        return factory;
    }

    public OFFlowMod toFlowMod(FlowOp op) {
        return toFlowMod(op, 0);
    }

    /** The flow-mod for one operation, built once with its transaction id. */
    public OFFlowMod toFlowMod(FlowOp op, long xid) {
        FlowEntry entry = op.entry();
        OFFlowMod.Builder builder;
        if (op instanceof FlowOp.Add) {
            builder = factory.buildFlowAdd();
        } else if (op instanceof FlowOp.Modify) {
            builder = factory.buildFlowModifyStrict();
        } else {
            builder = factory.buildFlowDeleteStrict().setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY);
        }
        builder.setXid(xid)
                .setTableId(TableId.of(entry.table()))
                .setPriority(entry.priority())
                .setMatch(toMatch(entry.match()))
                .setCookie(U64.of(entry.cookie().value()))
                .setBufferId(OFBufferId.NO_BUFFER);
        if (!(op instanceof FlowOp.Delete)) {
            builder.setInstructions(toInstructions(entry.instructions()));
        }
        return builder.build();
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    public Match toMatch(FlowMatch match) {
        Match.Builder builder = factory.buildMatch();
        for (Map.Entry<MatchField, MaskedValue> e : match.fields().entrySet()) {
            LoxiField field = LoxiField.of(e.getKey());
            MaskedValue value = e.getValue();
            if (value.isExact(e.getKey())) {
                builder.setExact(field.loxi(), field.value(value.value()));
            } else {
                builder.setMasked(field.loxi(), field.value(value.value()), field.value(value.mask()));
            }
        }
        return builder.build();
    }

    public List<OFInstruction> toInstructions(List<Instruction> instructions) {
        List<OFInstruction> out = new ArrayList<>(instructions.size());
        for (Instruction instruction : instructions) {
            if (instruction instanceof Instruction.ApplyActions apply) {
                out.add(factory.instructions().applyActions(toActions(apply.actions())));
            } else if (instruction instanceof Instruction.GotoTable go) {
                out.add(factory.instructions().gotoTable(TableId.of(go.table())));
            } else if (instruction instanceof Instruction.WriteMetadata write) {
                out.add(factory.instructions().writeMetadata(U64.of(write.value()), U64.of(write.mask())));
            } else if (instruction instanceof Instruction.Meter meter) {
                out.add(factory.instructions().meter(meter.meterId()));
            } else {
                throw new IllegalArgumentException("unknown instruction " + instruction);
            }
        }
        return out;
    }

    public List<OFAction> toActions(List<Action> actions) {
        List<OFAction> out = new ArrayList<>(actions.size());
        for (Action action : actions) {
            out.add(toAction(action));
        }
        return out;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private OFAction toAction(Action action) {
        if (action instanceof Action.Output output) {
            return factory.actions().output(OFPort.ofInt((int) output.port().value()), output.maxLen());
        }
        if (action instanceof Action.SetField set) {
            LoxiField field = LoxiField.of(set.field());
            OFOxm oxm = factory.oxms().fromValue(field.value(set.value()), field.loxi());
            return factory.actions().setField(oxm);
        }
        if (action instanceof Action.Move move) {
            return factory.actions().buildNiciraMove()
                    .setNBits(move.bits())
                    .setSrcOfs(move.srcOffset())
                    .setDstOfs(move.dstOffset())
                    .setSrc(NxmHeaders.of(move.src()))
                    .setDst(NxmHeaders.of(move.dst()))
                    .build();
        }
        if (action instanceof Action.Conntrack ct) {
            List<OFAction> nested = new ArrayList<>();
            if (ct.setMark().isPresent()) {
                LoxiField mark = LoxiField.of(MatchField.CT_MARK);
                OFOxm oxm = factory.oxms().fromValue(mark.value(ct.setMark().getAsLong()), mark.loxi());
                nested.add(factory.actions().setField(oxm));
            }
            return factory.actions().buildNiciraCt()
                    .setFlags(ct.commit() ? CT_FLAG_COMMIT : 0)
                    .setZoneSrc(0)
                    .setZone(ct.zone())
                    .setRecircTable(ct.table().isPresent() ? (short) ct.table().getAsInt() : NO_RECIRC)
                    .setAlg(0)
                    .setActions(nested)
                    .build();
        }
        if (action instanceof Action.CtClear) {
            return factory.actions().niciraCtClear();
        }
        throw new IllegalArgumentException("unknown action " + action);
    }

    /** Reads an installed entry back into our model; fails on anything microseg never writes. */
    public FlowEntry fromStats(OFFlowStatsEntry stats) {
        return new FlowEntry(stats.getTableId().getValue(), stats.getPriority(), fromMatch(stats.getMatch()),
                fromInstructions(stats.getInstructions()), new Cookie(stats.getCookie().getValue()));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    public FlowMatch fromMatch(Match match) {
        FlowMatch.Builder builder = FlowMatch.builder();
        for (org.projectfloodlight.openflow.protocol.match.MatchField<?> loxi : match.getMatchFields()) {
            LoxiField field = LoxiField.of(loxi);
            if (field == null) {
                throw new UnsupportedFlowException("match field " + loxi.getName() + " is not one microseg writes");
            }
            if (match.isExact(loxi)) {
                builder.exact(field.ours(), field.value((OFValueType) match.get((org.projectfloodlight.openflow.protocol.match.MatchField) loxi)));
            } else {
                Masked masked = match.getMasked((org.projectfloodlight.openflow.protocol.match.MatchField) loxi);
                builder.masked(field.ours(), field.value((OFValueType) masked.getValue()),
                        field.value((OFValueType) masked.getMask()));
            }
        }
        return builder.build();
    }

    private List<Instruction> fromInstructions(List<OFInstruction> instructions) {
        List<Instruction> out = new ArrayList<>(instructions.size());
        for (OFInstruction instruction : instructions) {
            if (instruction instanceof OFInstructionApplyActions apply) {
                out.add(new Instruction.ApplyActions(fromActions(apply.getActions())));
            } else if (instruction instanceof OFInstructionGotoTable go) {
                out.add(new Instruction.GotoTable(go.getTableId().getValue()));
            } else if (instruction instanceof OFInstructionWriteMetadata write) {
                out.add(new Instruction.WriteMetadata(write.getMetadata().getValue(), write.getMetadataMask().getValue()));
            } else if (instruction instanceof OFInstructionMeter meter) {
                out.add(new Instruction.Meter(meter.getMeterId()));
            } else {
                throw new UnsupportedFlowException("instruction " + instruction.getType() + " is not one microseg writes");
            }
        }
        return out;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private List<Action> fromActions(List<OFAction> actions) {
        List<Action> out = new ArrayList<>(actions.size());
        for (OFAction action : actions) {
            if (action instanceof OFActionOutput output) {
                PortNumber port = PortNumber.ofWire(output.getPort().getPortNumber());
                out.add(new Action.Output(port, port.equals(PortNumber.CONTROLLER) ? output.getMaxLen() : 0));
            } else if (action instanceof OFActionSetField set) {
                out.add(new Action.SetField(oursOf(set.getField()), valueOf(set.getField())));
            } else if (action instanceof OFActionNiciraMove move) {
                out.add(fromMove(move));
            } else if (action instanceof OFActionNiciraCtClear) {
                out.add(new Action.CtClear());
            } else if (action instanceof OFActionNiciraCt ct) {
                OptionalLong mark = OptionalLong.empty();
                for (OFAction nested : ct.getActions()) {
                    if (nested instanceof OFActionSetField set && oursOf(set.getField()) == MatchField.CT_MARK) {
                        mark = OptionalLong.of(valueOf(set.getField()));
                    } else {
                        throw new UnsupportedFlowException("ct nested action " + nested.getType() + " is not one microseg writes");
                    }
                }
                int table = ct.getRecircTable() & 0xff;
                out.add(new Action.Conntrack((ct.getFlags() & CT_FLAG_COMMIT) != 0, ct.getZone(),
                        table == 255 ? OptionalInt.empty() : OptionalInt.of(table), mark));
            } else {
                throw new UnsupportedFlowException("action " + action.getType() + " is not one microseg writes");
            }
        }
        return out;
    }

    /** Moves between fields microseg moves, within both fields' widths (whole fields, or register scratch bits). */
    private static Action.Move fromMove(OFActionNiciraMove move) {
        MatchField src = NxmHeaders.field(move.getSrc());
        MatchField dst = NxmHeaders.field(move.getDst());
        if (src == null || dst == null || move.getNBits() < 1 || move.getSrcOfs() < 0 || move.getDstOfs() < 0
                || move.getSrcOfs() + move.getNBits() > src.bits() || move.getDstOfs() + move.getNBits() > dst.bits()) {
            throw new UnsupportedFlowException(String.format("move of %d bits from 0x%08x[%d] to 0x%08x[%d] is not one"
                    + " microseg writes", move.getNBits(), move.getSrc(), move.getSrcOfs(), move.getDst(), move.getDstOfs()));
        }
        return new Action.Move(src, move.getSrcOfs(), dst, move.getDstOfs(), move.getNBits());
    }

    private static MatchField oursOf(OFOxm<?> oxm) {
        LoxiField field = LoxiField.of(oxm.getMatchField());
        if (field == null) {
            throw new UnsupportedFlowException("set_field " + oxm.getMatchField().getName() + " is not one microseg writes");
        }
        return field.ours();
    }

    @SuppressWarnings({"rawtypes"})
    private static long valueOf(OFOxm oxm) {
        return LoxiField.of(oxm.getMatchField()).value((OFValueType) oxm.getValue());
    }
}
