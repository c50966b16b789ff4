package io.microseg.controller.openflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.U32;

class VersionNegotiationTest {

    private static OFHello hello(OFVersion version, long bitmap) {
        var f = OFFactories.getFactory(version);
        return f.buildHello().setElements(List.of(f.buildHelloElemVersionbitmap().setBitmaps(List.of(U32.of(bitmap))).build())).build();
    }

    @Test
    void prefersOpenflow14ForBundles() {
        assertThat(VersionNegotiation.negotiate(hello(OFVersion.OF_15, (1 << 4) | (1 << 5) | (1 << 6)))).contains(OFVersion.OF_14);
    }

    @Test
    void settlesFor13WhenTheBridgeAllowsOnly13() {
        assertThat(VersionNegotiation.negotiate(hello(OFVersion.OF_13, 1 << 4))).contains(OFVersion.OF_13);
    }

    @Test
    void noCommonVersionInTheBitmapIsNone() {
        assertThat(VersionNegotiation.negotiate(hello(OFVersion.OF_15, (1 << 1) | (1 << 6)))).isEmpty();
    }

    @Test
    void helloWithoutBitmapUsesTheLowerOfBothVersions() {
        assertThat(VersionNegotiation.negotiate(OFFactories.getFactory(OFVersion.OF_15).buildHello().build())).contains(OFVersion.OF_14);
        assertThat(VersionNegotiation.negotiate(OFFactories.getFactory(OFVersion.OF_13).buildHello().build())).contains(OFVersion.OF_13);
        assertThat(VersionNegotiation.negotiate(OFFactories.getFactory(OFVersion.OF_10).buildHello().build())).isEmpty();
    }

    @Test
    void ourBitmapAdvertises13And14() {
        assertThat(VersionNegotiation.ourBitmap().getValue()).isEqualTo((1L << 4) | (1L << 5));
    }
}
