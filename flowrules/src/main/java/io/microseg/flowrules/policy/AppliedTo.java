package io.microseg.flowrules.policy;

import java.util.List;
import java.util.Objects;

/** The workloads a {@link Policy} protects: a segment's workloads or an inline selection. */
public sealed interface AppliedTo {

    static AppliedTo segment(String name) {
        return new OfSegment(name);
    }

    static AppliedTo workloads(WorkloadSelector selector) {
        return new OfSelector(selector);
    }

    List<Problem> problems(String path);

    /** The workloads of a segment (its IP blocks are not workloads and are not protected). */
    record OfSegment(String segment) implements AppliedTo {
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

    /** The workloads an inline selection picks. */
    record OfSelector(WorkloadSelector selector) implements AppliedTo {
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
}
