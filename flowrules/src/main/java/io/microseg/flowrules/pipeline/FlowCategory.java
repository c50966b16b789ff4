package io.microseg.flowrules.pipeline;

import io.microseg.flowrules.flow.Cookie;

/** Cookie categories (the second byte of a {@link Cookie}) of the pipeline's flows. */
public final class FlowCategory {
    /** Table misses and the fixed flows every switch has (conntrack, commit, report, LLDP, unknown-host punts). */
    public static final int SKELETON = 0x01;
    /** Anti-spoofing: a workload's (port, MAC, IP), trunk and gateway ports, workload ports' LLDP drops. Id: workload index. */
    public static final int PORT_SECURITY = 0x02;
    /** Address to identity (source and destination). Id: identity id. */
    public static final int IDENTITY = 0x03;
    /** Identity to set bits and mode, per stage and side. Id: identity id. */
    public static final int IDENTITY_BITS = 0x04;
    /** A tiered (native) policy rule. Id: decision id of the rule. */
    public static final int TIERED_RULE = 0x05;
    /** A Kubernetes NetworkPolicy rule or isolation. Id: decision id. */
    public static final int NETWORK_POLICY = 0x06;
    /** The default posture. Id: decision id of the posture. */
    public static final int POSTURE = 0x07;
    /** Forwarding to a local port or the next hop. Id: identity id of the destination (0 for the gateway). */
    public static final int FORWARDING = 0x08;
    /** ARP forwarded to its target. */
    public static final int ARP = 0x09;

    private FlowCategory() {
    }

    public static String name(int category) {
        return switch (category) {
            case SKELETON -> "skeleton";
            case PORT_SECURITY -> "port-security";
            case IDENTITY -> "identity";
            case IDENTITY_BITS -> "identity-bits";
            case TIERED_RULE -> "tiered-rule";
            case NETWORK_POLICY -> "network-policy";
            case POSTURE -> "posture";
            case FORWARDING -> "forwarding";
            case ARP -> "arp";
            default -> "unknown";
        };
    }
}
