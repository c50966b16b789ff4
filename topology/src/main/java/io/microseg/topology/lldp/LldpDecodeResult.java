package io.microseg.topology.lldp;

import java.util.Objects;
import java.util.Optional;

/** What decoding a received frame gave: one of our probes, or the reason it is not one. */
public sealed interface LldpDecodeResult {

    /** The frame, when it was accepted. */
    Optional<LldpFrame> frame();

    /** A well-formed probe sent by the expected controller instance. */
    record Accepted(LldpFrame lldp) implements LldpDecodeResult {
        public Accepted {
            Objects.requireNonNull(lldp, "lldp");
        }

        @Override
        public Optional<LldpFrame> frame() {
            return Optional.of(lldp);
        }
    }

    /** Not one of our probes; {@code detail} says where decoding stopped, for a debug log. */
    record Rejected(Reason reason, String detail) implements LldpDecodeResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public Optional<LldpFrame> frame() {
            return Optional.empty();
        }
    }

    /** Why a frame was rejected; FOREIGN and OTHER_CONTROLLER are normal traffic, the rest are malformed. */
    enum Reason {
        /** Not addressed to the nearest-bridge group or not ethertype 0x88cc. */
        NOT_LLDP,
        /** The frame ends inside a header or a TLV, or before the End TLV. */
        TRUNCATED,
        /** Chassis ID, Port ID or TTL is absent or not where 802.1AB puts it. */
        MISSING_TLV,
        /** A TLV has a length or content we cannot accept. */
        BAD_TLV,
        /** Valid LLDP without our marker: a neighbour's own LLDP agent. */
        FOREIGN,
        /** Our marker with another controller instance id. */
        OTHER_CONTROLLER,
        /** Our marker but no authentication TLV (a forged or pre-authentication probe). */
        UNSIGNED,
        /** The authentication tag is not this run's key's tag for the claimed dpid, port and time: forged. */
        BAD_SIGNATURE,
        /** Correctly signed but sent too long ago (or in the future): a replay. */
        STALE
    }
}
