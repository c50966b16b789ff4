package io.microseg.flowrules.sim;

import io.microseg.flowrules.flow.CtState;
import io.microseg.flowrules.flow.MatchField;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A conntrack model shared by all simulated switches (as bridges of one ovs-vswitchd share it), keyed by zone:
 * a committed connection makes its later packets established and its replies established+reply; an invalid packet
 * is +inv; anything else is +new. A commit may set the connection's ct_mark (from either direction); lookups give it.
 * ICMP errors (related) are not modelled.
 */
public final class Conntrack {

    private record Tuple(int zone, long src, long dst, long proto, long sport, long dport) {
    }

    /** Committed connections by their original tuple, with their ct_mark. */
    private final Map<Tuple, Long> committed = new HashMap<>();

    /** The ct_state conntrack gives the packet with these fields in {@code zone}. */
    long lookup(int zone, Map<MatchField, Long> fields, boolean invalid, long icmpId) {
        if (invalid) {
            return CtState.TRK | CtState.INV;
        }
        Tuple tuple = tuple(zone, fields, icmpId);
        if (committed.containsKey(tuple)) {
            return CtState.TRK | CtState.EST;
        }
        if (committed.containsKey(reverse(tuple))) {
            return CtState.TRK | CtState.EST | CtState.RPL;
        }
        return CtState.TRK | CtState.NEW;
    }

    /** The ct_mark of the packet's connection (0 when it has none). */
    long mark(int zone, Map<MatchField, Long> fields, long icmpId) {
        Tuple tuple = tuple(zone, fields, icmpId);
        Long mark = committed.get(tuple);
        if (mark == null) {
            mark = committed.get(reverse(tuple));
        }
        return mark == null ? 0 : mark;
    }

    void commit(int zone, Map<MatchField, Long> fields, long icmpId, Long mark) {
        Tuple tuple = tuple(zone, fields, icmpId);
        Tuple key = committed.containsKey(reverse(tuple)) ? reverse(tuple) : tuple;
        long old = committed.getOrDefault(key, 0L);
        committed.put(key, mark == null ? old : mark);
    }

    public int size() {
        return committed.size();
    }

    public void clear() {
        committed.clear();
    }

    private static Tuple reverse(Tuple t) {
        return new Tuple(t.zone, t.dst, t.src, t.proto, t.dport, t.sport);
    }

    private static Tuple tuple(int zone, Map<MatchField, Long> f, long icmpId) {
        long proto = f.getOrDefault(MatchField.IP_PROTO, 0L);
        long sport = icmpId;
        long dport = icmpId;
        for (List<MatchField> ports : List.of(List.of(MatchField.TCP_SRC, MatchField.TCP_DST),
                List.of(MatchField.UDP_SRC, MatchField.UDP_DST), List.of(MatchField.SCTP_SRC, MatchField.SCTP_DST))) {
            if (f.containsKey(ports.get(0))) {
                sport = f.get(ports.get(0));
                dport = f.get(ports.get(1));
            }
        }
        return new Tuple(zone, f.get(MatchField.IPV4_SRC), f.get(MatchField.IPV4_DST), proto, sport, dport);
    }
}
