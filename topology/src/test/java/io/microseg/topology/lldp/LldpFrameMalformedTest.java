package io.microseg.topology.lldp;

import static io.microseg.topology.lldp.Frames.US;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.MacAddress;
import io.microseg.topology.PortNumber;
import io.microseg.topology.lldp.LldpDecodeResult.Reason;
import io.microseg.topology.lldp.LldpDecodeResult.Rejected;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LldpFrameMalformedTest {
    private static final byte[] VALID =
            LldpFrame.probe(MacAddress.parse("02:00:00:00:00:01"), ConnectPoint.of(0xab, 3), US).encode();
    private static final int END_OF_END_TLV = Frames.lldp().mandatory().marker(US.value()).end().build().length;

    @Test
    void everyTruncationIsRejectedWithoutThrowing() {
        for (int length = 0; length < VALID.length; length++) {
            LldpDecodeResult result = LldpFrame.decode(Arrays.copyOf(VALID, length), US);
            if (length < END_OF_END_TLV) {
                assertThat(result).as("truncated to %d bytes", length).isInstanceOf(Rejected.class);
                assertThat(reason(result)).isEqualTo(Reason.TRUNCATED);
            } else {
                assertThat(result.frame()).as("only padding cut at %d bytes", length).isPresent();
            }
        }
    }

    @Test
    void otherEthertypesAndDestinationsAreNotLldp() {
        byte[] ipv4 = VALID.clone();
        ipv4[12] = 0x08;
        ipv4[13] = 0x00;
        assertThat(reason(LldpFrame.decode(ipv4, US))).isEqualTo(Reason.NOT_LLDP);
        byte[] unicast = VALID.clone();
        unicast[0] = 0x02;
        assertThat(reason(LldpFrame.decode(unicast, US))).isEqualTo(Reason.NOT_LLDP);
    }

    @Test
    void aNeighboursOwnLldpIsForeign() {
        byte[] lldpd = Frames.lldp()
                .tlv(1, new byte[] {4, 0x02, 0, 0, 0, 0, 9})
                .tlv(2, 5, "eth0")
                .ttl(120)
                .tlv(127, new byte[] {0x00, 0x12, 0x0f, 0x01, 0x03, 0x6c, 0x00, 0x00, 0x10})
                .end().build();
        assertThat(reason(LldpFrame.decode(lldpd, US))).isEqualTo(Reason.FOREIGN);
    }

    @Test
    void anotherControllersProbeIsRejected() {
        byte[] theirs = Frames.lldp().mandatory().marker(42).end().build();
        assertThat(reason(LldpFrame.decode(theirs, US))).isEqualTo(Reason.OTHER_CONTROLLER);
        assertThat(LldpFrame.decode(theirs, ControllerInstanceId.of(42)).frame()).isPresent();
    }

    @Test
    void mandatoryTlvsMustComeFirstInOrder() {
        byte[] portFirst = Frames.lldp().tlv(2, 7, "3").tlv(1, 7, "dpid:00000000000000ab").ttl(120)
                .marker(US.value()).end().build();
        assertThat(reason(LldpFrame.decode(portFirst, US))).isEqualTo(Reason.MISSING_TLV);
        byte[] noTtl = Frames.lldp().tlv(1, 7, "dpid:00000000000000ab").tlv(2, 7, "3").marker(US.value()).end().build();
        assertThat(reason(LldpFrame.decode(noTtl, US))).isEqualTo(Reason.MISSING_TLV);
        byte[] onlyEnd = Frames.lldp().end().build();
        assertThat(reason(LldpFrame.decode(onlyEnd, US))).isEqualTo(Reason.MISSING_TLV);
    }

    @Test
    void badLengthsAreRejected() {
        byte[] overrun = VALID.clone();
        overrun[14] = (byte) (overrun[14] | 1);
        assertThat(reason(LldpFrame.decode(overrun, US))).isEqualTo(Reason.TRUNCATED);
        assertBad(Frames.lldp().tlv(1, 7, "dpid:00000000000000ab").tlv(2, 7, "3").tlv(3, new byte[] {0, 1, 2})
                .marker(US.value()).end().build());
        assertBad(Frames.lldp().mandatory().marker(US.value()).tlv(0, new byte[] {0}).build());
        assertBad(Frames.lldp().tlv(1, new byte[] {7}).tlv(2, 7, "3").ttl(120).marker(US.value()).end().build());
        assertBad(Frames.lldp().mandatory().tlv(127, new byte[] {0x02, 0x6d, 0x73, 0x01, 0}).end().build());
        assertBad(Frames.lldp().mandatory().marker(US.value()).marker(US.value()).end().build());
        assertBad(Frames.lldp().mandatory().tlv(3, new byte[] {0, 1}).marker(US.value()).end().build());
    }

    @Test
    void badIdContentIsRejected() {
        assertBad(Frames.lldp().tlv(1, 7, "dpid:xyz").tlv(2, 7, "3").ttl(120).marker(US.value()).end().build());
        assertBad(Frames.lldp().tlv(1, 4, "dpid:00000000000000ab").tlv(2, 7, "3").ttl(120).marker(US.value()).end().build());
        assertBad(Frames.lldp().tlv(1, 7, "dpid:00000000000000ab").tlv(2, 7, "4294967296").ttl(120)
                .marker(US.value()).end().build());
        assertBad(Frames.lldp().tlv(1, 7, "dpid:00000000000000ab").tlv(2, 7, "-1").ttl(120).marker(US.value()).end().build());
        assertBad(Frames.lldp().tlv(1, 7, "dpid:00000000000000ab").tlv(2, 2, "3").ttl(120).marker(US.value()).end().build());
    }

    @Test
    void randomCorruptionNeverThrows() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] frame = i % 4 == 0 ? new byte[random.nextInt(80)] : VALID.clone();
            if (i % 4 == 0) {
                random.nextBytes(frame);
                if (frame.length >= 14 && random.nextBoolean()) {
                    System.arraycopy(VALID, 0, frame, 0, 14);
                }
            }
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips && frame.length > 14; f++) {
                frame[14 + random.nextInt(frame.length - 14)] = (byte) random.nextInt(256);
            }
            assertThat(LldpFrame.decode(frame, US)).isNotNull();
        }
    }

    @Test
    void ttlAndIdsAreValidatedOnConstruction() {
        assertThatThrownBy(() -> new LldpFrame(MacAddress.of(2), DatapathId.of(1), PortNumber.of(1), 65536, US)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ControllerInstanceId.parse("not hex")).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertBad(byte[] frame) {
        assertThat(reason(LldpFrame.decode(frame, US))).isEqualTo(Reason.BAD_TLV);
    }

    private static Reason reason(LldpDecodeResult result) {
        assertThat(result).isInstanceOf(Rejected.class);
        return ((Rejected) result).reason();
    }
}
