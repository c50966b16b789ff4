package io.microseg.controller.openflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFMetadata;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U32;
import org.projectfloodlight.openflow.types.U64;

class PacketInTest {
    private final OFFactory f = OFFactories.getFactory(OFVersion.OF_14);

    @Test
    void pipelineFieldsOfThePacketInMatchAreKept() {
        var packetIn = f.buildPacketIn().setBufferId(OFBufferId.NO_BUFFER).setReason(OFPacketInReason.ACTION)
                .setTableId(TableId.of(15)).setCookie(U64.of(0x6d01000000000000L))
                .setMatch(f.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(3))
                        .setExact(MatchField.METADATA, OFMetadata.ofRaw(0x0000000700000140L))
                        .setExact(MatchField.REG6, U32.of(9)).build())
                .setData(new byte[] {1, 2, 3}).build();
        PacketIn ours = OFChannelHandler.packetInOf(packetIn);
        assertThat(ours.inPort().value()).isEqualTo(3);
        assertThat(ours.table()).isEqualTo(15);
        assertThat(ours.metadata()).isEqualTo(0x0000000700000140L);
        assertThat(ours.reg6()).isEqualTo(9);
        assertThat(ours.data()).containsExactly(1, 2, 3);
    }

    @Test
    void absentPipelineFieldsAreZero() {
        var packetIn = f.buildPacketIn().setBufferId(OFBufferId.NO_BUFFER).setReason(OFPacketInReason.ACTION)
                .setTableId(TableId.of(0)).setMatch(f.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(1)).build())
                .setData(new byte[0]).build();
        PacketIn ours = OFChannelHandler.packetInOf(packetIn);
        assertThat(ours.metadata()).isZero();
        assertThat(ours.reg6()).isZero();
    }
}
