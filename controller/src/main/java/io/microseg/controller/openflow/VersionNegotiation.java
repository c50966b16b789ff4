package io.microseg.controller.openflow;

import java.util.List;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloElem;
import org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.U32;

/** Picks the OpenFlow version from the peer's HELLO: 1.4 where both speak it (bundles), else 1.3, else none. */
public final class VersionNegotiation {
    /** Wire versions we speak, best first. */
    public static final List<OFVersion> OURS = List.of(OFVersion.OF_14, OFVersion.OF_13);

    private VersionNegotiation() {
    }

    public static Optional<OFVersion> negotiate(OFHello hello) {
        if (hello.getVersion().compareTo(OFVersion.OF_13) < 0) {
            return Optional.empty(); // older HELLOs carry no version bitmap and their sender cannot speak 1.3
        }
        for (OFHelloElem elem : hello.getElements()) {
            if (elem instanceof OFHelloElemVersionbitmap bitmap) {
                for (OFVersion version : OURS) {
                    if (bitmapHas(bitmap.getBitmaps(), version.getWireVersion())) {
                        return Optional.of(version);
                    }
                }
                return Optional.empty();
            }
        }
        int peer = hello.getVersion().getWireVersion();
        for (OFVersion version : OURS) {
            if (version.getWireVersion() <= peer) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }

    /** The bitmap for our HELLO: bits 4 (1.3) and 5 (1.4). */
    public static U32 ourBitmap() {
        long bits = 0;
        for (OFVersion version : OURS) {
            bits |= 1L << version.getWireVersion();
        }
        return U32.of(bits);
    }

    private static boolean bitmapHas(List<U32> bitmaps, int wire) {
        int word = wire / 32;
        return word < bitmaps.size() && (bitmaps.get(word).getValue() & (1L << (wire % 32))) != 0;
    }
}
