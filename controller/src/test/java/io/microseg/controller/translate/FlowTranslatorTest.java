package io.microseg.controller.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microseg.flowrules.flow.Action;
import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.flow.CtState;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowMatch;
import io.microseg.flowrules.flow.FlowOp;
import io.microseg.flowrules.flow.Instruction;
import io.microseg.flowrules.flow.MatchField;
import io.microseg.flowrules.pipeline.SkeletonFlows;
import io.microseg.topology.Ipv4Address;
import io.microseg.topology.Ipv4Prefix;
import io.microseg.topology.MacAddress;
import io.microseg.topology.PortNumber;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowModifyStrict;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionNiciraCt;
import org.projectfloodlight.openflow.protocol.action.OFActionNiciraMove;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;

class FlowTranslatorTest {

    /** Every kind of match, instruction and action microseg writes, with the skeleton of both onTighten modes. */
    static List<FlowEntry> samples() {
        List<FlowEntry> all = new ArrayList<>(handWritten());
        all.addAll(SkeletonFlows.forSwitch(7, 0x7fff_fffeL, true));
        all.addAll(SkeletonFlows.forSwitch(7, 1, false));
        return all;
    }

    private static List<FlowEntry> handWritten() {
        Cookie cookie = Cookie.of(3, 42);
        return List.of(
                FlowEntry.of(0, 0, FlowMatch.any(), cookie),
                FlowEntry.of(0, 100, FlowMatch.builder().inPort(PortNumber.of(3)).ethSrc(MacAddress.parse("00:00:00:00:00:01"))
                        .ipv4Src(Ipv4Address.parse("10.0.0.1")).build(), cookie,
                        Instruction.ApplyActions.of(new Action.SetField(MatchField.REG0, 0x1234)),
                        new Instruction.GotoTable(10)),
                FlowEntry.of(10, 200, FlowMatch.builder().ipv4Dst(Ipv4Prefix.parse("10.1.0.0/16")).exact(MatchField.TCP_DST, 443)
                        .reg(0, 5).reg(1, 0x10, 0xf0).ctState(CtState.TRK | CtState.NEW, CtState.TRK | CtState.NEW).build(), cookie,
                        Instruction.ApplyActions.of(Action.Conntrack.commitWithMark(1, 0xbeef), Action.Output.to(PortNumber.of(2)))),
                FlowEntry.of(5, 300, FlowMatch.builder().ethType(MatchField.EthType.IPV4).build(), cookie,
                        Instruction.ApplyActions.of(Action.Conntrack.track(1, 6))),
                FlowEntry.of(6, 10, FlowMatch.builder().exact(MatchField.UDP_DST, 514).exact(MatchField.CT_ZONE, 1)
                        .exact(MatchField.CT_MARK, 9).build(), cookie,
                        new Instruction.Meter(1), Instruction.ApplyActions.of(Action.Output.toController())),
                FlowEntry.of(7, 1, FlowMatch.builder().arpTpa(Ipv4Address.parse("10.0.0.9")).exact(MatchField.ARP_OP, 1).build(), cookie,
                        new Instruction.WriteMetadata(0x55, 0xff), new Instruction.GotoTable(8)),
                FlowEntry.of(8, 2, FlowMatch.builder().exact(MatchField.ICMPV4_TYPE, 8).build(), cookie,
                        Instruction.ApplyActions.of(new Action.SetField(MatchField.ETH_DST, 0x0000000000aaL),
                                Action.Output.to(PortNumber.LOCAL))),
                arpAnswer(cookie));
    }

    /** The ARP responder: moves of whole Ethernet and ARP fields, set fields, output to IN_PORT. */
    static FlowEntry arpAnswer(Cookie cookie) {
        long mac = MacAddress.parse("02:00:00:00:00:06").value();
        Ipv4Address ip = Ipv4Address.parse("10.0.3.31");
        return FlowEntry.of(16, 200, FlowMatch.builder().arpTpa(ip).exact(MatchField.ARP_OP, 1).build(), cookie,
                Instruction.ApplyActions.of(
                        new Action.Move(MatchField.ETH_SRC, MatchField.ETH_DST),
                        new Action.SetField(MatchField.ETH_SRC, mac),
                        new Action.SetField(MatchField.ARP_OP, 2),
                        new Action.Move(MatchField.ARP_SHA, MatchField.ARP_THA),
                        new Action.SetField(MatchField.ARP_SHA, mac),
                        new Action.Move(MatchField.ARP_SPA, MatchField.ARP_TPA),
                        new Action.SetField(MatchField.ARP_SPA, ip.unsigned()),
                        new Action.Move(MatchField.REG1, MatchField.REG2),
                        new Action.Move(MatchField.IPV4_SRC, MatchField.IPV4_DST),
                        Action.Output.to(PortNumber.IN_PORT)));
    }

    /** What a switch would send back in FLOW_STATS for a flow added with this flow-mod, after a trip over the wire. */
    private static OFFlowStatsEntry installed(OFFactory factory, OFFlowAdd add) throws Exception {
        ByteBuf wire = Unpooled.buffer();
        add.writeTo(wire);
        OFFlowAdd parsed = (OFFlowAdd) OFFactories.getGenericReader().readFrom(wire);
        return factory.buildFlowStatsEntry().setTableId(parsed.getTableId()).setPriority(parsed.getPriority())
                .setMatch(parsed.getMatch()).setInstructions(parsed.getInstructions()).setCookie(parsed.getCookie()).build();
    }

    @ParameterizedTest
    @EnumSource(value = OFVersion.class, names = {"OF_13", "OF_14"})
    void everyFlowSurvivesTheWireAndReadsBackEqual(OFVersion version) throws Exception {
        FlowTranslator translator = new FlowTranslator(OFFactories.getFactory(version));
        for (FlowEntry flow : samples()) {
            OFFlowAdd add = (OFFlowAdd) translator.toFlowMod(new FlowOp.Add(flow));
            assertThat(translator.fromStats(installed(translator.factory(), add))).as(flow.toString()).isEqualTo(flow);
        }
    }

    @Test
    void matchPrerequisitesAreOnTheWire() {
        FlowTranslator translator = new FlowTranslator(OFFactories.getFactory(OFVersion.OF_14));
        var match = translator.toMatch(FlowMatch.builder().exact(MatchField.TCP_DST, 80).build());
        assertThat(match.get(org.projectfloodlight.openflow.protocol.match.MatchField.ETH_TYPE).getValue()).isEqualTo(0x0800);
        assertThat(match.get(org.projectfloodlight.openflow.protocol.match.MatchField.IP_PROTO).getIpProtocolNumber()).isEqualTo((short) 6);
    }

    @Test
    void conntrackWithoutTableDoesNotRecirculate() {
        FlowTranslator translator = new FlowTranslator(OFFactories.getFactory(OFVersion.OF_14));
        OFMessage add = translator.toFlowMod(new FlowOp.Add(FlowEntry.of(1, 1, FlowMatch.any(), Cookie.of(1, 0),
                Instruction.ApplyActions.of(Action.Conntrack.commit(3)))));
        OFActionNiciraCt ct = (OFActionNiciraCt) ((OFInstructionApplyActions) ((OFFlowAdd) add).getInstructions().get(0))
                .getActions().get(0);
        assertThat(ct.getRecircTable()).isEqualTo((short) 255);
        assertThat(ct.getFlags()).isEqualTo(1);
        assertThat(ct.getZone()).isEqualTo(3);
    }

    @Test
    void modifyAndDeleteAreStrict() {
        FlowTranslator translator = new FlowTranslator(OFFactories.getFactory(OFVersion.OF_13));
        FlowEntry flow = samples().get(1);
        assertThat(translator.toFlowMod(new FlowOp.Modify(flow))).isInstanceOf(OFFlowModifyStrict.class);
        OFFlowDeleteStrict delete = (OFFlowDeleteStrict) translator.toFlowMod(new FlowOp.Delete(flow));
        assertThat(delete.getPriority()).isEqualTo(100);
        assertThat(translator.fromMatch(delete.getMatch())).isEqualTo(flow.match());
    }

    @Test
    void moveIsANiciraRegMoveOfWholeFieldsByNxmHeader() {
        FlowTranslator translator = new FlowTranslator(OFFactories.getFactory(OFVersion.OF_14));
        OFFlowAdd add = (OFFlowAdd) translator.toFlowMod(new FlowOp.Add(arpAnswer(Cookie.of(9, 1))));
        List<OFAction> actions = ((OFInstructionApplyActions) add.getInstructions().get(0)).getActions();
        OFActionNiciraMove eth = (OFActionNiciraMove) actions.get(0);
        assertThat(eth.getSubtype()).isEqualTo(6);
        assertThat(eth.getNBits()).isEqualTo(48);
        assertThat(eth.getSrcOfs()).isZero();
        assertThat(eth.getDstOfs()).isZero();
        assertThat(eth.getSrc()).isEqualTo(0x00000406L); // NXM_OF_ETH_SRC
        assertThat(eth.getDst()).isEqualTo(0x00000206L); // NXM_OF_ETH_DST
        OFActionNiciraMove sha = (OFActionNiciraMove) actions.get(3);
        assertThat(sha.getSrc()).isEqualTo(0x00012206L); // NXM_NX_ARP_SHA
        assertThat(sha.getDst()).isEqualTo(0x00012406L); // NXM_NX_ARP_THA
        OFActionNiciraMove spa = (OFActionNiciraMove) actions.get(5);
        assertThat(spa.getNBits()).isEqualTo(32);
        assertThat(spa.getSrc()).isEqualTo(0x00002004L); // NXM_OF_ARP_SPA
        assertThat(spa.getDst()).isEqualTo(0x00002204L); // NXM_OF_ARP_TPA
        assertThat(((OFActionOutput) actions.get(actions.size() - 1)).getPort()).isEqualTo(OFPort.IN_PORT);
    }

    @Test
    void moveReadsBackFromOxmHeadersTooWithinTheFields() {
        OFFactory factory = OFFactories.getFactory(OFVersion.OF_13);
        FlowTranslator translator = new FlowTranslator(factory);
        OFAction oxm = factory.actions().buildNiciraMove().setNBits(48).setSrc(0x80000806L).setDst(0x80000606L).build();
        assertThat(translator.fromStats(statsWith(factory, oxm)).instructions())
                .containsExactly(Instruction.ApplyActions.of(new Action.Move(MatchField.ETH_SRC, MatchField.ETH_DST)));
        OFAction part = factory.actions().buildNiciraMove().setNBits(16).setSrc(0x00001202L).setDst(0x00010204L).build();
        assertThat(translator.fromStats(statsWith(factory, part)).instructions()).containsExactly(
                Instruction.ApplyActions.of(new Action.Move(MatchField.TCP_SRC, 0, MatchField.REG1, 0, 16)));
        OFAction tooWide = factory.actions().buildNiciraMove().setNBits(32).setSrc(0x00001202L).setDst(0x00010204L).build();
        assertThatThrownBy(() -> translator.fromStats(statsWith(factory, tooWide))).isInstanceOf(UnsupportedFlowException.class);
        OFAction unknown = factory.actions().buildNiciraMove().setNBits(32).setSrc(0x0001d604L).setDst(0x00010004L).build();
        assertThatThrownBy(() -> translator.fromStats(statsWith(factory, unknown))).isInstanceOf(UnsupportedFlowException.class);
    }

    private static OFFlowStatsEntry statsWith(OFFactory factory, OFAction action) {
        return factory.buildFlowStatsEntry().setTableId(TableId.of(16)).setMatch(factory.buildMatch().build())
                .setInstructions(List.of(factory.instructions().applyActions(List.of(action)))).build();
    }

    @Test
    void flowWithAnActionMicrosegNeverWritesIsRefused() {
        OFFactory factory = OFFactories.getFactory(OFVersion.OF_13);
        OFFlowStatsEntry foreign = factory.buildFlowStatsEntry().setMatch(factory.buildMatch().build())
                .setInstructions(List.of(factory.instructions().applyActions(List.of(factory.actions().popVlan())))).build();
        assertThatThrownBy(() -> new FlowTranslator(factory).fromStats(foreign)).isInstanceOf(UnsupportedFlowException.class);
    }
}
