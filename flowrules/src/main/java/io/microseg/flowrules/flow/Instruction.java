package io.microseg.flowrules.flow;

import java.util.List;

/** An OpenFlow instruction of a flow entry. */
public sealed interface Instruction {

    record ApplyActions(List<Action> actions) implements Instruction {
        public ApplyActions {
            actions = List.copyOf(actions);
        }

        public static ApplyActions of(Action... actions) {
            return new ApplyActions(List.of(actions));
        }
    }

    record GotoTable(int table) implements Instruction {
        public GotoTable {
            if (table < 0 || table > 254) {
                throw new IllegalArgumentException("table must be 0..254: " + table);
            }
        }
    }

    record WriteMetadata(long value, long mask) implements Instruction {
        public WriteMetadata {
            value = value & mask;
        }
    }

    /** Send through a meter before the remaining instructions (rate limits packet-ins). */
    record Meter(long meterId) implements Instruction {
        public Meter {
            if (meterId <= 0 || meterId > 0xffff0000L) {
                throw new IllegalArgumentException("meter id must be 1..0xffff0000: " + meterId);
            }
        }
    }
}
