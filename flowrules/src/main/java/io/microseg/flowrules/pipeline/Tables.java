package io.microseg.flowrules.pipeline;

/** Table ids of the microseg pipeline, in packet order. {@link Pipeline#TABLES} declares what each may do. */
public final class Tables {
    public static final int PORT_SECURITY = 0;
    public static final int CONNTRACK = 1;
    public static final int CONNTRACK_STATE = 2;
    public static final int SOURCE_IDENTITY = 3;
    public static final int DESTINATION_IDENTITY = 4;
    public static final int EGRESS_SOURCE_BITS = 5;
    public static final int EGRESS_DESTINATION_BITS = 6;
    public static final int EGRESS_RULES = 7;
    public static final int EGRESS_ISOLATION = 8;
    public static final int INGRESS_SOURCE_BITS = 9;
    public static final int INGRESS_DESTINATION_BITS = 10;
    public static final int INGRESS_RULES = 11;
    public static final int INGRESS_ISOLATION = 12;
    public static final int COMMIT = 13;
    public static final int FORWARD = 14;
    public static final int REPORT = 15;
    public static final int ARP = 16;

    private Tables() {
    }
}
