package io.microseg.topology.lldp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Hand-built Ethernet frames with arbitrary TLVs, for feeding the decoder what our encoder never would. */
final class Frames {
    static final ControllerInstanceId US = ControllerInstanceId.of(0x1122334455667788L);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Frames lldp() {
        Frames frames = new Frames();
        frames.bytes(0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e, 0x02, 0, 0, 0, 0, 1, 0x88, 0xcc);
        return frames;
    }

    Frames bytes(int... values) {
        for (int value : values) {
            out.write(value);
        }
        return this;
    }

    Frames tlv(int type, byte[] value) {
        out.write((type << 1) | (value.length >>> 8));
        out.write(value.length & 0xff);
        out.writeBytes(value);
        return this;
    }

    Frames tlv(int type, int subtype, String text) {
        byte[] chars = text.getBytes(StandardCharsets.US_ASCII);
        byte[] value = new byte[chars.length + 1];
        value[0] = (byte) subtype;
        System.arraycopy(chars, 0, value, 1, chars.length);
        return tlv(type, value);
    }

    Frames ttl(int seconds) {
        return tlv(3, new byte[] {(byte) (seconds >>> 8), (byte) seconds});
    }

    Frames marker(long instance) {
        return tlv(127, ByteBuffer.allocate(12).put(new byte[] {0x02, 0x6d, 0x73, 0x01}).putLong(instance).array());
    }

    Frames end() {
        return tlv(0, new byte[0]);
    }

    /** Chassis, port and TTL as our encoder writes them. */
    Frames mandatory() {
        return tlv(1, 7, "dpid:00000000000000ab").tlv(2, 7, "3").ttl(120);
    }

    byte[] build() {
        return out.toByteArray();
    }
}
