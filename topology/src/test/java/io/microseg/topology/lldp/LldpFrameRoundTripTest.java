package io.microseg.topology.lldp;

import static io.microseg.topology.lldp.Frames.US;
import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Link;
import io.microseg.topology.MacAddress;
import io.microseg.topology.PortNumber;
import io.microseg.topology.lldp.LldpDecodeResult.Accepted;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LldpFrameRoundTripTest {
    private static final MacAddress SOURCE = MacAddress.parse("02:00:00:00:00:01");

    @Test
    void decodesWhatItEncodes() {
        long[] dpids = {0, 1, 0xab, -1L, 0x8000000000000000L};
        PortNumber[] ports = {PortNumber.of(0), PortNumber.of(1), PortNumber.MAX, PortNumber.LOCAL, PortNumber.ANY};
        for (long dpid : dpids) {
            for (PortNumber port : ports) {
                LldpFrame frame = new LldpFrame(SOURCE, DatapathId.of(dpid), port, 120, US);
                assertThat(LldpFrame.decode(frame.encode(), US)).isEqualTo(new Accepted(frame));
            }
        }
    }

    @Test
    void carriesTtlAndInstanceExactly() {
        LldpFrame frame = new LldpFrame(SOURCE, DatapathId.of(7), PortNumber.of(9), 0xffff, ControllerInstanceId.of(-1L));
        assertThat(LldpFrame.decode(frame.encode(), ControllerInstanceId.of(-1L)).frame()).contains(frame);
    }

    @Test
    void isAnLldpFrameToTheNearestBridgeWithReadableIds() {
        byte[] bytes = LldpFrame.probe(SOURCE, ConnectPoint.of(0xab, 3), US).encode();
        assertThat(Arrays.copyOfRange(bytes, 0, 6)).isEqualTo(LldpFrame.NEAREST_BRIDGE.toBytes());
        assertThat(Arrays.copyOfRange(bytes, 6, 12)).isEqualTo(SOURCE.toBytes());
        assertThat(bytes[12] & 0xff).isEqualTo(0x88);
        assertThat(bytes[13] & 0xff).isEqualTo(0xcc);
        assertThat(new String(bytes, StandardCharsets.US_ASCII)).contains("dpid:00000000000000ab");
        assertThat(bytes.length).isGreaterThanOrEqualTo(60);
        assertThat(bytes).startsWith(Frames.lldp().mandatory().marker(US.value()).end().build());
    }

    @Test
    void acceptsFramesWithoutPaddingAndWithOtherOptionalTlvs() {
        byte[] bare = Frames.lldp().mandatory()
                .tlv(5, 0, "system name")
                .tlv(127, new byte[] {0x00, 0x12, 0x0f, 0x01, 0x03})
                .marker(US.value()).end().build();
        LldpFrame frame = LldpFrame.decode(bare, US).frame().orElseThrow();
        assertThat(frame.sentFrom()).isEqualTo(ConnectPoint.of(0xab, 3));
        assertThat(frame.ttlSeconds()).isEqualTo(120);
        assertThat(frame.linkTo(ConnectPoint.of(2, 4))).isEqualTo(Link.of(0xab, 3, 2, 4));
    }

    @Test
    void controllerInstanceIdPrintsAndParses() {
        assertThat(US).hasToString("1122334455667788");
        assertThat(ControllerInstanceId.parse(US.toString())).isEqualTo(US);
        assertThat(ControllerInstanceId.parse("0xff")).isEqualTo(ControllerInstanceId.of(255));
    }
}
