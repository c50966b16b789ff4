package io.microseg.topology.lldp;

import io.microseg.topology.DatapathId;
import io.microseg.topology.PortNumber;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-run secret that authenticates link-discovery probes: an HMAC-SHA256 over the controller instance id,
 * the dpid and port the probe was sent out of, and the time it was sent. A host can read a probe that went out of
 * its own port, but cannot make one that claims another port (or a later time) without the key, which never
 * leaves the controller and is drawn afresh at every start.
 */
public final class ProbeKey {
    /** Length of the tag in the probe (the full HMAC-SHA256 output). */
    public static final int TAG_LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;

    private ProbeKey(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("probe key must be at least 16 bytes, got " + secret.length);
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** A fresh random 256-bit key. */
    public static ProbeKey random() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new ProbeKey(secret);
    }

    /** A key from given bytes (tests; at least 16). */
    public static ProbeKey of(byte[] secret) {
        return new ProbeKey(Objects.requireNonNull(secret, "secret"));
    }

    /** The tag of a probe sent out of {@code dpid}/{@code port} by {@code controller} at {@code timestampMillis}. */
    public byte[] tag(ControllerInstanceId controller, DatapathId dpid, PortNumber port, long timestampMillis) {
        ByteBuffer input = ByteBuffer.allocate(8 + 8 + 8 + 8);
        input.putLong(controller.value()).putLong(dpid.value()).putLong(port.value()).putLong(timestampMillis);
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(input.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Whether {@code tag} is this key's tag for the probe; constant time in the tag's content. */
    public boolean verify(ControllerInstanceId controller, DatapathId dpid, PortNumber port, long timestampMillis, byte[] tag) {
        return tag != null && tag.length == TAG_LENGTH
                && MessageDigest.isEqual(tag(controller, dpid, port, timestampMillis), tag);
    }

    @Override
    public String toString() {
        return "ProbeKey[hidden]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProbeKey that && Arrays.equals(key.getEncoded(), that.key.getEncoded());
    }

    @Override
    public int hashCode() {
        return 1;
    }
}
