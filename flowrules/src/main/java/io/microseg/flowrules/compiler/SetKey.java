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
 */
sealed interface SetKey {

    /** The workloads a native policy applies to. */
    record Applied(List<AppliedTo> targets) implements SetKey {
        public Applied {
            targets = List.copyOf(targets);
        }
    }

    /** The peers of a native rule (never empty: no peers means everyone and needs no set). */
    record NativePeers(List<Peer> peers) implements SetKey {
        public NativePeers {
            peers = List.copyOf(peers);
        }
    }

    /** The pods a NetworkPolicy selects in its namespace. */
    record Selected(String namespace, LabelSelector podSelector) implements SetKey {
    }

    /** The peers of a NetworkPolicy rule, read in the policy's namespace. */
    record KubernetesPeers(String namespace, List<KubernetesPeer> peers) implements SetKey {
        public KubernetesPeers {
            peers = List.copyOf(peers);
        }
    }

    /** The workloads serving port {@code name}/{@code protocol} as {@code port}. */
    record NamedPort(String name, Protocol protocol, int port) implements SetKey {
    }
}
