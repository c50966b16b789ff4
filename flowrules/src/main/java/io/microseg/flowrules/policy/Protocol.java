package io.microseg.flowrules.policy;

import java.util.Locale;

/** The IP protocols a rule can name, with their IP protocol numbers. */
public enum Protocol {
    TCP(6), UDP(17), SCTP(132), ICMP(1);

    private final int ipProtocol;

    Protocol(int ipProtocol) {
        this.ipProtocol = ipProtocol;
    }

    public int ipProtocol() {
        return ipProtocol;
    }

    /** True for the protocols with port numbers. */
    public boolean hasPorts() {
        return this != ICMP;
    }

    public static Protocol parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("not a protocol (TCP, UDP, SCTP, ICMP): " + text, e);
        }
    }
}
