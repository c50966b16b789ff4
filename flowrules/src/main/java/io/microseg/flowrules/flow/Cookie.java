package io.microseg.flowrules.flow;

/**
 * A flow cookie: {@code owner(8) | category(8) | 0(16) | id(32)}.
 *
 * <p>The owner byte marks flows as ours, so reconciliation only ever touches microseg flows
 * (and treats anything else as stray); the category names the kind of flow (pipeline skeleton,
 * classification, policy rule, forwarding...) so a reader of {@code dump-flows} can tell them
 * apart and a sweep can be limited by mask; the id is free for the producer (rule id, workload id). The 16 bits
 * between are 0: there are no flow generations, because reconciliation compares the switch's table with the desired
 * flows and removes every flow of ours it does not want (nothing is left for a sweep by generation to find).
 */
public record Cookie(long value) {
    public static final int OWNER = 0x6d; // 'm'
    public static final long OWNER_MASK = 0xff00_0000_0000_0000L;
    public static final long CATEGORY_MASK = 0x00ff_0000_0000_0000L;

    public static Cookie of(int category, long id) {
        if (category < 0 || category > 0xff) {
            throw new IllegalArgumentException("cookie category must be 0..255");
        }
        if (id < 0 || id > 0xffff_ffffL) {
            throw new IllegalArgumentException("cookie id must be 0..2^32-1");
        }
        return new Cookie(((long) OWNER << 56) | ((long) category << 48) | id);
    }

    public static long ownerValue() {
        return (long) OWNER << 56;
    }

    public boolean isOurs() {
        return (value & OWNER_MASK) == ownerValue();
    }

    public int category() {
        return (int) ((value & CATEGORY_MASK) >>> 48);
    }

    public long id() {
        return value & 0xffff_ffffL;
    }

    @Override
    public String toString() {
        return String.format("0x%016x", value);
    }
}
