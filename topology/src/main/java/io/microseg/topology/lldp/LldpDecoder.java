package io.microseg.topology.lldp;

import io.microseg.topology.DatapathId;
import io.microseg.topology.MacAddress;
import io.microseg.topology.PortNumber;
import io.microseg.topology.lldp.LldpDecodeResult.Accepted;
import io.microseg.topology.lldp.LldpDecodeResult.Rejected;
import io.microseg.topology.lldp.LldpDecodeResult.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a received frame as an {@link LldpFrame}. Every length is checked before it is used, so a
 * hostile or truncated frame becomes a {@link Rejected} rather than an exception in the event loop.
 */
final class LldpDecoder {
    private static final int HEADER = 14;
    private static final int MARKER_LENGTH = 3 + 1 + 8;

    private final byte[] frame;
    private byte[] chassis;
    private byte[] portId;
    private int ttl = -1;
    private long marker;
    private boolean hasMarker;
    private boolean hasAuth;
    private long authTimestamp;
    private byte[] authTag;

    LldpDecoder(byte[] frame) {
        this.frame = frame;
    }

    static LldpDecodeResult decode(byte[] frame, ControllerInstanceId expected) {
        return new LldpDecoder(frame).run(expected);
    }

    LldpDecodeResult run(ControllerInstanceId expected) {
        if (frame.length < HEADER) {
            return reject(Reason.TRUNCATED, "frame of " + frame.length + " bytes has no Ethernet header");
        }
        if (!MacAddress.fromBytes(frame, 0).equals(LldpFrame.NEAREST_BRIDGE) || readInt(12, 2) != LldpFrame.ETHERTYPE) {
            return reject(Reason.NOT_LLDP, "destination " + MacAddress.fromBytes(frame, 0)
                    + ", ethertype 0x" + Long.toHexString(readInt(12, 2)));
        }
        Rejected bad = readTlvs();
        if (bad != null) {
            return bad;
        }
        if (!hasMarker) {
            return reject(Reason.FOREIGN, "no microseg marker TLV");
        }
        if (marker != expected.value()) {
            return reject(Reason.OTHER_CONTROLLER, "sent by controller " + ControllerInstanceId.of(marker));
        }
        String chassisText = text(chassis);
        String hex = chassisText.startsWith(LldpFrame.CHASSIS_PREFIX)
                ? chassisText.substring(LldpFrame.CHASSIS_PREFIX.length()) : "";
        if (chassis[0] != LldpFrame.SUBTYPE_LOCAL || hex.length() != 16 || !hex.chars().allMatch(LldpDecoder::isHex)) {
            return reject(Reason.BAD_TLV, "chassis id is not 'dpid:' and 16 hex digits");
        }
        String port = text(portId);
        if (portId[0] != LldpFrame.SUBTYPE_LOCAL || port.isEmpty() || port.length() > 10
                || !port.chars().allMatch(c -> c >= '0' && c <= '9') || Long.parseLong(port) > 0xffffffffL) {
            return reject(Reason.BAD_TLV, "port id is not a decimal 32-bit port number");
        }
        return new Accepted(new LldpFrame(MacAddress.fromBytes(frame, 6), DatapathId.of(Long.parseUnsignedLong(hex, 16)),
                PortNumber.of(Long.parseLong(port)), ttl, ControllerInstanceId.of(marker)));
    }

    /** Walks the TLVs up to End; null when the structure is sound. */
    private Rejected readTlvs() {
        int at = HEADER;
        for (int position = 0; ; position++) {
            if (at + 2 > frame.length) {
                return reject(Reason.TRUNCATED, "frame ends before TLV " + position + " at byte " + at);
            }
            int type = (frame[at] & 0xff) >>> 1;
            int length = ((frame[at] & 1) << 8) | (frame[at + 1] & 0xff);
            at += 2;
            if (at + length > frame.length) {
                return reject(Reason.TRUNCATED, "TLV type " + type + " of " + length + " bytes overruns the frame");
            }
            if (position < 3 && type != position + 1) {
                return reject(Reason.MISSING_TLV, "TLV " + position + " should be type " + (position + 1) + ", is " + type);
            }
            byte[] value = Arrays.copyOfRange(frame, at, at + length);
            at += length;
            Rejected bad = readTlv(position, type, value);
            if (bad != null) {
                return bad;
            }
            if (type == 0) {
                return null;
            }
        }
    }

    private Rejected readTlv(int position, int type, byte[] value) {
        if (position >= 3 && type >= 1 && type <= 3) {
            return reject(Reason.BAD_TLV, "second TLV of type " + type);
        }
        switch (type) {
            case 0:
                return value.length == 0 ? null : reject(Reason.BAD_TLV, "End TLV with length " + value.length);
            case 1:
            case 2:
                if (value.length < 2 || value.length > 256) {
                    return reject(Reason.BAD_TLV, "ID TLV type " + type + " with length " + value.length);
                }
                if (type == 1) {
                    chassis = value;
                } else {
                    portId = value;
                }
                return null;
            case 3:
                if (value.length != 2) {
                    return reject(Reason.BAD_TLV, "TTL TLV with length " + value.length);
                }
                ttl = ((value[0] & 0xff) << 8) | (value[1] & 0xff);
                return null;
            case 127:
                return readOrganisational(value);
            default:
                return null;
        }
    }

    boolean hasAuth() {
        return hasAuth;
    }

    long authTimestamp() {
        return authTimestamp;
    }

    byte[] authTag() {
        return authTag;
    }

    private Rejected readOrganisational(byte[] value) {
        boolean auth = value.length >= 4 && Arrays.equals(value, 0, 3, LldpFrame.MARKER_ID, 0, 3)
                && (value[3] & 0xff) == LldpFrame.AUTH_SUBTYPE;
        if (auth) {
            if (value.length != LldpFrame.AUTH_LENGTH) {
                return reject(Reason.BAD_TLV, "authentication TLV with length " + value.length);
            }
            if (hasAuth) {
                return reject(Reason.BAD_TLV, "second authentication TLV");
            }
            hasAuth = true;
            for (int i = 4; i < 12; i++) {
                authTimestamp = (authTimestamp << 8) | (value[i] & 0xff);
            }
            authTag = Arrays.copyOfRange(value, 12, value.length);
            return null;
        }
        boolean ours = value.length >= 4 && Arrays.equals(value, 0, 3, LldpFrame.MARKER_ID, 0, 3)
                && (value[3] & 0xff) == LldpFrame.MARKER_SUBTYPE;
        if (!ours) {
            return null;
        }
        if (value.length != MARKER_LENGTH) {
            return reject(Reason.BAD_TLV, "marker TLV with length " + value.length);
        }
        if (hasMarker) {
            return reject(Reason.BAD_TLV, "second marker TLV");
        }
        hasMarker = true;
        for (int i = 4; i < MARKER_LENGTH; i++) {
            marker = (marker << 8) | (value[i] & 0xff);
        }
        return null;
    }

    private long readInt(int offset, int bytes) {
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | (frame[offset + i] & 0xff);
        }
        return value;
    }

    private static String text(byte[] subtypeAndValue) {
        return new String(subtypeAndValue, 1, subtypeAndValue.length - 1, StandardCharsets.US_ASCII);
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static Rejected reject(Reason reason, String detail) {
        return new Rejected(reason, detail);
    }
}
