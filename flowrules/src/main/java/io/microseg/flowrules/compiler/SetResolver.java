package io.microseg.flowrules.compiler;

import io.microseg.flowrules.policy.AppliedTo;
import io.microseg.flowrules.policy.EnforcementMode;
import io.microseg.flowrules.policy.EnforcementSetting;
import io.microseg.flowrules.policy.IpBlock;
import io.microseg.flowrules.policy.KubernetesPeer;
import io.microseg.flowrules.policy.Labels;
import io.microseg.flowrules.policy.Namespace;
import io.microseg.flowrules.policy.Peer;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Segment;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadSelector;
import io.microseg.topology.Ipv4Prefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether an endpoint belongs to a {@link SetKey}, with the reference semantics' meaning of selectors, segments,
 * NetworkPolicy peers and IP blocks. An endpoint is a managed workload at one of its addresses, or a region of
 * bare addresses given as a prefix (every address in it that no longer relevant prefix claims).
 */
final class SetResolver {
    private final Map<String, Labels> namespaceLabels = new HashMap<>();
    private final Map<String, Segment> segments = new HashMap<>();
    private final List<EnforcementSetting> settings;
    private final EnforcementMode defaultMode;

    SetResolver(PolicyModel model) {
        namespaceLabels.put(Namespace.DEFAULT, new Namespace(Namespace.DEFAULT, Labels.EMPTY).effectiveLabels());
        model.namespaces().forEach(namespace -> namespaceLabels.put(namespace.name(), namespace.effectiveLabels()));
        model.segments().forEach(segment -> segments.put(segment.name(), segment));
        settings = new ArrayList<>(model.enforcementSettings());
        settings.sort(EnforcementSetting.PRECEDENCE);
        defaultMode = model.settings().defaultMode();
    }

    Labels namespaceLabels(String namespace) {
        return namespaceLabels.getOrDefault(namespace, Labels.EMPTY);
    }

    EnforcementMode modeOf(Workload workload) {
        Labels nsLabels = namespaceLabels(workload.namespace());
        return settings.stream().filter(setting -> setting.scope().matches(workload.labels(), nsLabels))
                .map(EnforcementSetting::mode).findFirst().orElse(defaultMode);
    }

    /** The IP blocks a set names (segments' blocks included); their prefixes cut the bare address space. */
    List<IpBlock> blocks(SetKey key) {
        List<IpBlock> blocks = new ArrayList<>();
        if (key instanceof SetKey.NativePeers peers) {
            for (Peer peer : peers.peers()) {
                if (peer instanceof Peer.OfSegment ref) {
                    blocks.addAll(segments.get(ref.segment()).ipBlocks());
                } else if (peer instanceof Peer.OfIpBlock block) {
                    blocks.add(block.block());
                }
            }
        } else if (key instanceof SetKey.KubernetesPeers peers) {
            for (KubernetesPeer peer : peers.peers()) {
                if (peer instanceof KubernetesPeer.Block block) {
                    blocks.add(block.block());
                }
            }
        }
        return blocks;
    }

    /** Whether a key names IP blocks at all (only then can an address decide membership). */
    boolean hasBlocks(SetKey key) {
        return !blocks(key).isEmpty();
    }

    /**
     * Membership through labels, namespace and named ports only (the IP blocks aside): the same for every workload
     * with the same namespace, labels and named ports. {@code contains} is this or {@link #containsByAddress}.
     */
    boolean containsByLabels(SetKey key, Workload workload) {
        return contains(key, Optional.of(workload), NO_ADDRESS);
    }

    /** Membership through the key's IP blocks only. */
    boolean containsByAddress(SetKey key, Ipv4Prefix address) {
        for (IpBlock block : blocks(key)) {
            if (contains(block, address)) {
                return true;
            }
        }
        return false;
    }

    /** A sentinel no IP block contains: blocks are never compared by identity with it. */
    private static final Ipv4Prefix NO_ADDRESS = null;

    boolean contains(SetKey key, Optional<Workload> workload, Ipv4Prefix address) {
        if (key instanceof SetKey.Applied applied) {
            return workload.isPresent() && applied.targets().stream().anyMatch(target -> targets(target, workload.get()));
        }
        if (key instanceof SetKey.NativePeers peers) {
            return peers.peers().stream().anyMatch(peer -> matches(peer, workload, address));
        }
        if (key instanceof SetKey.Selected selected) {
            return workload.isPresent() && workload.get().namespace().equals(selected.namespace())
                    && selected.podSelector().matches(workload.get().labels());
        }
        if (key instanceof SetKey.KubernetesPeers peers) {
            return peers.peers().stream().anyMatch(peer -> matches(peers.namespace(), peer, workload, address));
        }
        SetKey.NamedPort named = (SetKey.NamedPort) key;
        return workload.isPresent() && workload.get().resolve(named.name(), named.protocol())
                .map(port -> port == named.port()).orElse(false);
    }

    private boolean targets(AppliedTo target, Workload workload) {
        if (target instanceof AppliedTo.OfSegment ref) {
            return segments.get(ref.segment()).members().map(selector -> selects(selector, workload)).orElse(false);
        }
        return selects(((AppliedTo.OfSelector) target).selector(), workload);
    }

    private boolean selects(WorkloadSelector selector, Workload workload) {
        return selector.matches(workload.labels(), namespaceLabels(workload.namespace()));
    }

    private boolean matches(Peer peer, Optional<Workload> workload, Ipv4Prefix address) {
        if (peer instanceof Peer.OfSegment ref) {
            Segment segment = segments.get(ref.segment());
            boolean member = workload.isPresent()
                    && segment.members().map(selector -> selects(selector, workload.get())).orElse(false);
            return member || segment.ipBlocks().stream().anyMatch(block -> contains(block, address));
        }
        if (peer instanceof Peer.OfSelector inline) {
            return workload.isPresent() && selects(inline.selector(), workload.get());
        }
        return contains(((Peer.OfIpBlock) peer).block(), address);
    }

    private boolean matches(String policyNamespace, KubernetesPeer peer, Optional<Workload> workload,
            Ipv4Prefix address) {
        if (peer instanceof KubernetesPeer.Pods pods) {
            return workload.isPresent() && pods.matches(policyNamespace, workload.get().labels(),
                    workload.get().namespace(), namespaceLabels(workload.get().namespace()));
        }
        return contains(((KubernetesPeer.Block) peer).block(), address);
    }

    /** A block holds a whole region when its CIDR covers the region and no except covers it. */
    static boolean contains(IpBlock block, Ipv4Prefix region) {
        if (region == null || !block.cidr().contains(region)) {
            return false;
        }
        return block.except().stream().noneMatch(hole -> hole.contains(region));
    }
}
