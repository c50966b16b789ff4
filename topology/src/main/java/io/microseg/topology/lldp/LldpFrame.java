package io.microseg.topology.lldp;

import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Link;
import io.microseg.topology.MacAddress;
import io.microseg.topology.PortNumber;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A link-discovery probe as an Ethernet frame: sent out of {@code dpid}/{@code port}; the switch
 * that hands it back to us in a packet-in is the other end of the link.
 *
 * <p>Wire format (IEEE 802.1AB), to 01:80:c2:00:00:0e with ethertype 0x88cc:
 * <ol>
 *   <li>Chassis ID TLV, subtype 7 (locally assigned): ASCII {@code dpid:} and 16 lowercase hex digits;
 *       text, so tcpdump and lldpd show the switch readably.</li>
 *   <li>Port ID TLV, subtype 7 (locally assigned): the OpenFlow port number in decimal ASCII.</li>
 *   <li>TTL TLV: seconds, 16 bits.</li>
 *   <li>Organisationally specific TLV (127): identifier {@code 02:6d:73} (locally administered, so it
 *       can never be an IEEE-assigned OUI; "ms"), subtype 1, then the 8-byte controller instance id.
 *       Frames without it are a neighbour's own LLDP; frames with another id are another controller's.</li>
 *   <li>In authenticated probes ({@link #encodeSigned}), a second organisationally specific TLV: {@code 02:6d:73},
 *       subtype 2, the send time in milliseconds since the epoch (8 bytes), then the 32-byte HMAC-SHA256 of
 *       {@link ProbeKey#tag}: a host cannot claim another port or a later time without the per-run key.</li>
 *   <li>End TLV, then zero padding to the 60-byte Ethernet minimum.</li>
 * </ol>
 */
public record LldpFrame(MacAddress source, DatapathId dpid, PortNumber port, int ttlSeconds,
        ControllerInstanceId controller) {

    public static final MacAddress NEAREST_BRIDGE = MacAddress.of(0x0180c200000eL);
    public static final int ETHERTYPE = 0x88cc;
    public static final int DEFAULT_TTL_SECONDS = 120;
    static final byte[] MARKER_ID = {0x02, 0x6d, 0x73};
    static final int MARKER_SUBTYPE = 1;
    static final int AUTH_SUBTYPE = 2;
    static final int AUTH_LENGTH = 3 + 1 + 8 + ProbeKey.TAG_LENGTH;
    static final int SUBTYPE_LOCAL = 7;
    static final String CHASSIS_PREFIX = "dpid:";
    static final int MIN_FRAME = 60;

    public LldpFrame {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dpid, "dpid");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(controller, "controller");
        if (ttlSeconds < 0 || ttlSeconds > 0xffff) {
            throw new IllegalArgumentException("LLDP TTL must fit 16 bits: " + ttlSeconds);
        }
    }

    /** A probe to send out of {@code from}, with the default TTL. */
    public static LldpFrame probe(MacAddress source, ConnectPoint from, ControllerInstanceId controller) {
        return new LldpFrame(source, from.dpid(), from.port(), DEFAULT_TTL_SECONDS, controller);
    }

    /** Reads {@code frame} as one of {@code expected}'s probes; never throws on bad input. */
    public static LldpDecodeResult decode(byte[] frame, ControllerInstanceId expected) {
        return LldpDecoder.decode(Objects.requireNonNull(frame, "frame"), Objects.requireNonNull(expected, "expected"));
    }

    /**
     * Reads {@code frame} as one of {@code expected}'s probes and checks its authentication: the tag must be
     * {@code key}'s for this dpid, port and send time, and the send time no more than {@code maxAgeMillis} before
     * (or after) {@code nowMillis}, so a captured probe replayed later is refused. Never throws on bad input.
     */
    public static LldpDecodeResult decodeSigned(byte[] frame, ControllerInstanceId expected, ProbeKey key, long nowMillis,
            long maxAgeMillis) {
        Objects.requireNonNull(key, "key");
        LldpDecoder decoder = new LldpDecoder(Objects.requireNonNull(frame, "frame"));
        LldpDecodeResult result = decoder.run(Objects.requireNonNull(expected, "expected"));
        if (!(result instanceof LldpDecodeResult.Accepted accepted)) {
            return result;
        }
        LldpFrame lldp = accepted.lldp();
        if (!decoder.hasAuth()) {
            return new LldpDecodeResult.Rejected(LldpDecodeResult.Reason.UNSIGNED, "no authentication TLV");
        }
        long sent = decoder.authTimestamp();
        if (!key.verify(expected, lldp.dpid(), lldp.port(), sent, decoder.authTag())) {
            return new LldpDecodeResult.Rejected(LldpDecodeResult.Reason.BAD_SIGNATURE,
                    "tag does not match " + lldp.sentFrom() + " at " + sent);
        }
        if (Math.abs(nowMillis - sent) > maxAgeMillis) {
            return new LldpDecodeResult.Rejected(LldpDecodeResult.Reason.STALE,
                    "sent at " + sent + ", now " + nowMillis + " (more than " + maxAgeMillis + " ms apart)");
        }
        return accepted;
    }

    /** Where the probe was sent out. */
    public ConnectPoint sentFrom() {
        return ConnectPoint.of(dpid, port);
    }

    /** The link this probe proves, given the port it came back in on. */
    public Link linkTo(ConnectPoint receivedAt) {
        return Link.of(sentFrom(), receivedAt);
    }

    public byte[] encode() {
        return encode(null);
    }

    /** The probe with its authentication TLV: {@code key}'s tag over this probe's dpid and port at {@code timestampMillis}. */
    public byte[] encodeSigned(ProbeKey key, long timestampMillis) {
        ByteArrayOutputStream auth = new ByteArrayOutputStream(AUTH_LENGTH);
        auth.writeBytes(MARKER_ID);
        auth.write(AUTH_SUBTYPE);
        writeInt(auth, timestampMillis, 8);
        auth.writeBytes(key.tag(controller, dpid, port, timestampMillis));
        return encode(auth.toByteArray());
    }

    private byte[] encode(byte[] authTlv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(MIN_FRAME + 16);
        out.writeBytes(NEAREST_BRIDGE.toBytes());
        out.writeBytes(source.toBytes());
        writeInt(out, ETHERTYPE, 2);
        writeTlv(out, 1, withSubtype(SUBTYPE_LOCAL, ascii(CHASSIS_PREFIX + String.format("%016x", dpid.value()))));
        writeTlv(out, 2, withSubtype(SUBTYPE_LOCAL, ascii(Long.toString(port.value()))));
        ByteArrayOutputStream ttl = new ByteArrayOutputStream(2);
        writeInt(ttl, ttlSeconds, 2);
        writeTlv(out, 3, ttl.toByteArray());
        ByteArrayOutputStream marker = new ByteArrayOutputStream(12);
        marker.writeBytes(MARKER_ID);
        marker.write(MARKER_SUBTYPE);
        writeInt(marker, controller.value(), 8);
        writeTlv(out, 127, marker.toByteArray());
        if (authTlv != null) {
            writeTlv(out, 127, authTlv);
        }
        writeTlv(out, 0, new byte[0]);
        while (out.size() < MIN_FRAME) {
            out.write(0);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] withSubtype(int subtype, byte[] value) {
        byte[] out = new byte[value.length + 1];
        out[0] = (byte) subtype;
        System.arraycopy(value, 0, out, 1, value.length);
        return out;
    }

    private static void writeTlv(ByteArrayOutputStream out, int type, byte[] value) {
        out.write((type << 1) | (value.length >>> 8));
        out.write(value.length & 0xff);
        out.writeBytes(value);
    }

    private static void writeInt(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }
}
