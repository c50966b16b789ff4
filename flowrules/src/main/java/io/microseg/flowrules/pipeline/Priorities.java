package io.microseg.flowrules.pipeline;

/** Named flow priorities, per table. Higher wins. */
public final class Priorities {
    public static final int MISS = 0;

    // port-security
    /** An 802.1Q-tagged frame is dropped before anything looks at its inner packet (unless tagged frames are allowed). */
    public static final int TAGGED_FRAME = 1100;
    /**
     * LLDP from a workload port (registered or bound): dropped in the switch. Above the trunk's LLDP punt, so a
     * workload port is never punted even while a link discovered on it lasts.
     */
    public static final int LLDP_WORKLOAD_PORT = 1020;
    /** LLDP from a trunk port: to the controller through the trunk meter (above the shared LLDP punt). */
    public static final int LLDP_TRUNK = 1010;
    public static final int LLDP = 1000;
    public static final int GATEWAY_SPOOF = 900;
    public static final int WORKLOAD_PORT = 500;
    public static final int TRUNK_PORT = 400;
    public static final int GATEWAY_PORT = 300;
    /** IPv4 and ARP no port vouches for: to the controller (metered). The miss (0) drops every other ethertype. */
    public static final int UNKNOWN_HOST = 1;
    /** IPv4 and ARP no flow vouches for, from a port with a meter of its own: to the controller through it. */
    public static final int UNKNOWN_HOST_PORT = 2;

    // conntrack, conntrack-state
    public static final int CONNTRACK = 100;
    public static final int CT_INVALID = 300;
    /** An established packet whose connection was admitted in the current policy epoch. */
    public static final int CT_CURRENT = 250;
    /** A stale reply of a transport with ports (TCP, UDP, SCTP): swapped and checked. */
    public static final int CT_STALE_REPLY = 240;
    /** A stale reply of any other IP protocol (ICMP...): addresses swapped and checked. */
    public static final int CT_STALE_REPLY_OTHER = 230;
    public static final int CT_ESTABLISHED = 200;
    public static final int CT_NEW = 100;

    // commit: a checked stale reply is swapped back (per transport, then any other), a local origin is marked
    public static final int COMMIT_REPLY = 200;
    public static final int COMMIT_REPLY_OTHER = 150;
    public static final int COMMIT_LOCAL_ORIGIN = 10;

    // source-identity, destination-identity: a workload address beats every IP-block region (10 + prefix length)
    public static final int WORKLOAD_ADDRESS = 100;
    public static final int REGION_BASE = 10;

    // *-bits
    public static final int SKIP_STAGE = 1000;
    public static final int IDENTITY_BITS = 100;

    // *-rules: tiered rules get stable priorities in [TIERED_LOWEST, TIERED_HIGHEST], first rule highest
    public static final int TIERED_HIGHEST = 60_000;
    public static final int TIERED_LOWEST = 100;

    // *-isolation
    public static final int NETWORK_POLICY_ALLOW = 300;
    /** The first isolating selection (by policy name); each further one is one lower, down to POSTURE + 1. */
    public static final int NETWORK_POLICY_ISOLATION = 299;
    public static final int POSTURE = 100;

    // forward, arp
    public static final int TO_WORKLOAD = 100;
    public static final int TO_GATEWAY = 10;
    /** arp: a request for a managed workload's address answered by the switch (beats forwarding it to the target). */
    public static final int ARP_ANSWER = 200;

    // report
    public static final int WOULD_DENY = 100;

    private Priorities() {
    }
}
