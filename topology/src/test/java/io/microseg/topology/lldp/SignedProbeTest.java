package io.microseg.topology.lldp;

import static io.microseg.topology.lldp.Frames.US;
import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.topology.ConnectPoint;
import io.microseg.topology.MacAddress;
import io.microseg.topology.lldp.LldpDecodeResult.Accepted;
import io.microseg.topology.lldp.LldpDecodeResult.Reason;
import io.microseg.topology.lldp.LldpDecodeResult.Rejected;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Authenticated probes: a host that sees one probe can neither re-address it, nor re-date it, nor keep it for later. */
class SignedProbeTest {
    private static final MacAddress SOURCE = MacAddress.parse("02:00:00:00:00:01");
    private static final ProbeKey KEY = ProbeKey.random();
    private static final long NOW = 1_700_000_000_000L;
    private static final long MAX_AGE = 15_000;
    private static final LldpFrame PROBE = LldpFrame.probe(SOURCE, ConnectPoint.of(0xab, 3), US);

    @Test
    void aSignedProbeIsAcceptedWithinItsAge() {
        byte[] frame = PROBE.encodeSigned(KEY, NOW);
        assertThat(LldpFrame.decodeSigned(frame, US, KEY, NOW, MAX_AGE)).isEqualTo(new Accepted(PROBE));
        assertThat(LldpFrame.decodeSigned(frame, US, KEY, NOW + MAX_AGE, MAX_AGE)).isEqualTo(new Accepted(PROBE));
        // the unsigned decoder still reads it (the authentication TLV is an extra organisational TLV)
        assertThat(LldpFrame.decode(frame, US)).isEqualTo(new Accepted(PROBE));
    }

    @Test
    void anUnsignedProbeIsRefused() {
        assertThat(reason(LldpFrame.decodeSigned(PROBE.encode(), US, KEY, NOW, MAX_AGE))).isEqualTo(Reason.UNSIGNED);
    }

    @Test
    void anotherPortsIdWithTheCapturedTagIsRefused() {
        byte[] frame = PROBE.encodeSigned(KEY, NOW);
        // the attack: keep the tag and time, rewrite the port id "3" to "4" (same length, so the frame stays well formed)
        int at = indexOf(frame, "dpid:00000000000000ab".getBytes(StandardCharsets.US_ASCII)) + 21 + 3;
        assertThat(frame[at]).isEqualTo((byte) '3');
        frame[at] = '4';
        assertThat(LldpFrame.decode(frame, US).frame().orElseThrow().port().value()).isEqualTo(4);
        assertThat(reason(LldpFrame.decodeSigned(frame, US, KEY, NOW, MAX_AGE))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void aForgedOrRedatedTagIsRefused() {
        byte[] other = LldpFrame.probe(SOURCE, ConnectPoint.of(0xac, 1), US).encodeSigned(ProbeKey.random(), NOW);
        assertThat(reason(LldpFrame.decodeSigned(other, US, KEY, NOW, MAX_AGE))).isEqualTo(Reason.BAD_SIGNATURE);
        byte[] frame = PROBE.encodeSigned(KEY, NOW);
        int time = indexOf(frame, new byte[] {0x02, 0x6d, 0x73, 2}) + 4;
        frame[time + 7] ^= 1; // one millisecond later
        assertThat(reason(LldpFrame.decodeSigned(frame, US, KEY, NOW, MAX_AGE))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void aReplayOlderThanTheMaximumAgeIsRefused() {
        byte[] frame = PROBE.encodeSigned(KEY, NOW);
        assertThat(reason(LldpFrame.decodeSigned(frame, US, KEY, NOW + MAX_AGE + 1, MAX_AGE))).isEqualTo(Reason.STALE);
        assertThat(reason(LldpFrame.decodeSigned(frame, US, KEY, NOW - MAX_AGE - 1, MAX_AGE))).isEqualTo(Reason.STALE);
    }

    @Test
    void anotherRunsKeyOrControllerIsRefused() {
        byte[] frame = PROBE.encodeSigned(KEY, NOW);
        assertThat(reason(LldpFrame.decodeSigned(frame, US, ProbeKey.random(), NOW, MAX_AGE))).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(reason(LldpFrame.decodeSigned(frame, ControllerInstanceId.of(0xbad), KEY, NOW, MAX_AGE)))
                .isEqualTo(Reason.OTHER_CONTROLLER);
    }

    @Test
    void aTruncatedAuthenticationTlvIsMalformed() {
        byte[] frame = PROBE.encodeSigned(KEY, NOW);
        int at = indexOf(frame, new byte[] {0x02, 0x6d, 0x73, 2}) - 1;
        frame[at] = (byte) (frame[at] - 1); // TLV length 43 instead of 44
        assertThat(LldpFrame.decodeSigned(frame, US, KEY, NOW, MAX_AGE)).isInstanceOf(Rejected.class);
    }

    private static Reason reason(LldpDecodeResult result) {
        assertThat(result).isInstanceOf(Rejected.class);
        return ((Rejected) result).reason();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
