package io.microseg.flowrules.flow;

/** Conntrack state bits as OVS numbers them in the {@code ct_state} field. */
public final class CtState {
    public static final int NEW = 0x01;
    public static final int EST = 0x02;
    public static final int REL = 0x04;
    public static final int RPL = 0x08;
    public static final int INV = 0x10;
    public static final int TRK = 0x20;
    public static final int SNAT = 0x40;
    public static final int DNAT = 0x80;

    private CtState() {
    }

    /** {@code +trk+est} style text for logs and PIPELINE.md. */
    public static String describe(long value, long mask) {
        StringBuilder out = new StringBuilder();
        String[] names = {"new", "est", "rel", "rpl", "inv", "trk", "snat", "dnat"};
        for (int bit = 0; bit < names.length; bit++) {
            long flag = 1L << bit;
            if ((mask & flag) != 0) {
                out.append((value & flag) != 0 ? '+' : '-').append(names[bit]);
            }
        }
        return out.toString();
    }
}
