package io.microseg.flowrules.policy;

import java.util.List;
import java.util.Objects;

/** The other end of a rule of a {@link Policy}: a segment by name, a workload selection, or an IP block. */
public sealed interface Peer {

    static Peer segment(String name) {
        return new OfSegment(name);
    }

    static Peer workloads(WorkloadSelector selector) {
        return new OfSelector(selector);
    }

    static Peer ipBlock(IpBlock block) {
        return new OfIpBlock(block);
    }

    List<Problem> problems(String path);

    /** Members of the named segment. */
    record OfSegment(String segment) implements Peer {
        public OfSegment {
            Objects.requireNonNull(segment, "segment");
        }

        @Override
        public List<Problem> problems(String path) {
            return List.of();
        }

        @Override
        public String toString() {
            return "segment " + segment;
        }
    }

    /** Workloads picked by selectors, in any namespace unless the namespace selector narrows it. */
    record OfSelector(WorkloadSelector selector) implements Peer {
        public OfSelector {
            Objects.requireNonNull(selector, "selector");
        }

        @Override
        public List<Problem> problems(String path) {
            return selector.problems(path);
        }

        @Override
        public String toString() {
            return selector.toString();
        }
    }

    /** Any endpoint whose address is in the block, workloads included. */
    record OfIpBlock(IpBlock block) implements Peer {
        public OfIpBlock {
            Objects.requireNonNull(block, "block");
        }

        @Override
        public List<Problem> problems(String path) {
            return block.problems(path + ".ipBlock");
        }

        @Override
        public String toString() {
            return "ipBlock " + block;
        }
    }
}
