package io.microseg.flowrules.compiler;

import io.microseg.flowrules.policy.AppliedTo;
import io.microseg.flowrules.policy.KubernetesPeer;
import io.microseg.flowrules.policy.LabelSelector;
import io.microseg.flowrules.policy.Peer;
import io.microseg.flowrules.policy.Protocol;
import java.util.List;

/**
 * A set of endpoints a rule can refer to, keyed by how it is written (not by its members), so a label change moves
 * endpoints between identities without renaming the set or touching the rule flows that use it.
 *
 * <p>Keys made of selectors carry their hash (computed once): every compilation looks thousands of them up, and
 * a selector's own hash walks all its labels.
 */
sealed interface SetKey {

    /** The workloads a native policy applies to. */
    record Applied(List<AppliedTo> targets, int hash) implements SetKey {
        public Applied {
            targets = List.copyOf(targets);
            hash = targets.hashCode();
        }

        Applied(List<AppliedTo> targets) {
            this(targets, 0);
        }

        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Applied other && other.hash == hash && other.targets.equals(targets);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** The peers of a native rule (never empty: no peers means everyone and needs no set). */
    record NativePeers(List<Peer> peers, int hash) implements SetKey {
        public NativePeers {
            peers = List.copyOf(peers);
            hash = 31 * peers.hashCode() + 1;
        }

        NativePeers(List<Peer> peers) {
            this(peers, 0);
        }

        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof NativePeers other && other.hash == hash && other.peers.equals(peers);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** The pods a NetworkPolicy selects in its namespace. */
    record Selected(String namespace, LabelSelector podSelector, int hash) implements SetKey {
        public Selected {
            hash = 31 * namespace.hashCode() + podSelector.hashCode() + 2;
        }

        Selected(String namespace, LabelSelector podSelector) {
            this(namespace, podSelector, 0);
        }

        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Selected other && other.hash == hash
                    && other.namespace.equals(namespace) && other.podSelector.equals(podSelector);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** The peers of a NetworkPolicy rule, read in the policy's namespace. */
    record KubernetesPeers(String namespace, List<KubernetesPeer> peers, int hash) implements SetKey {
        public KubernetesPeers {
            peers = List.copyOf(peers);
            hash = 31 * namespace.hashCode() + peers.hashCode() + 3;
        }

        KubernetesPeers(String namespace, List<KubernetesPeer> peers) {
            this(namespace, peers, 0);
        }

        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof KubernetesPeers other && other.hash == hash
                    && other.namespace.equals(namespace) && other.peers.equals(peers);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** The workloads serving port {@code name}/{@code protocol} as {@code port}. */
    record NamedPort(String name, Protocol protocol, int port) implements SetKey {
    }
}
