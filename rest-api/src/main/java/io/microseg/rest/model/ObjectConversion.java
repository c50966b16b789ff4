package io.microseg.rest.model;

import io.microseg.flowrules.policy.Action;
import io.microseg.flowrules.policy.AppliedTo;
import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.EnforcementMode;
import io.microseg.flowrules.policy.EnforcementSetting;
import io.microseg.flowrules.policy.GlobalSettings;
import io.microseg.flowrules.policy.IpBlock;
import io.microseg.flowrules.policy.Learning;
import io.microseg.flowrules.policy.NamedPort;
import io.microseg.flowrules.policy.Namespace;
import io.microseg.flowrules.policy.OnTighten;
import io.microseg.flowrules.policy.Peer;
import io.microseg.flowrules.policy.Policy;
import io.microseg.flowrules.policy.Posture;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.Rule;
import io.microseg.flowrules.policy.Segment;
import io.microseg.flowrules.policy.Tier;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadLocation;
import io.microseg.flowrules.policy.WorkloadSelector;
import io.microseg.rest.dto.EnforcementDto;
import io.microseg.rest.dto.NamespaceDto;
import io.microseg.rest.dto.PolicyDto;
import io.microseg.rest.dto.SegmentDto;
import io.microseg.rest.dto.SettingsDto;
import io.microseg.rest.dto.TiersDto;
import io.microseg.rest.dto.WorkloadDto;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Ipv4Address;
import io.microseg.topology.MacAddress;
import io.microseg.topology.PortNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Conversion of the native DTOs into policy-model values. Field paths are relative to the request body; the
 * identity (name, namespace) comes from the URL. Problems the model can hold are left to {@code validate()}.
 */
final class ObjectConversion {

    static final String DEFAULT_TIER = Tier.APPLICATION.name();
    static final int DEFAULT_PRIORITY = 100;

    private ObjectConversion() {
    }

    static Namespace namespace(String name, NamespaceDto dto, FieldProblems problems) {
        return Namespace.of(name, SharedConversion.labels("labels", dto.labels(), problems));
    }

    static Workload workload(String namespace, String name, WorkloadDto dto, FieldProblems problems) {
        List<Ipv4Address> addresses = new ArrayList<>();
        for (int i = 0; i < dto.ips().size(); i++) {
            problems.parse("ips[" + i + "]", dto.ips().get(i), Ipv4Address::parse).ifPresent(addresses::add);
        }
        Optional<MacAddress> mac = dto.mac() == null ? Optional.empty()
                : problems.parse("mac", dto.mac(), MacAddress::parse);
        List<NamedPort> ports = new ArrayList<>();
        for (int i = 0; i < dto.ports().size(); i++) {
            String at = "ports[" + i + "]";
            WorkloadDto.NamedPortDto port = dto.ports().get(i);
            if (!problems.require(at, port)) {
                continue;
            }
            boolean named = problems.require(at + ".name", port.name());
            Optional<Protocol> protocol = port.protocol() == null ? Optional.of(Protocol.TCP)
                    : problems.parse(at + ".protocol", port.protocol(), Protocol::parse);
            boolean numbered = problems.require(at + ".port", port.port());
            if (named && numbered && protocol.isPresent()) {
                ports.add(NamedPort.of(port.name(), protocol.get(), port.port()));
            }
        }
        Optional<WorkloadLocation> location = dto.location() == null ? Optional.empty()
                : location(dto.location(), problems);
        return new Workload(name, namespace, SharedConversion.labels("labels", dto.labels(), problems), addresses, mac,
                ports, location);
    }

    private static Optional<WorkloadLocation> location(WorkloadDto.LocationDto dto, FieldProblems problems) {
        Optional<DatapathId> dpid = problems.parse("location.dpid", dto.dpid(), DatapathId::parse);
        Optional<PortNumber> port = Optional.empty();
        if (problems.require("location.port", dto.port())) {
            if (dto.port() < 1 || dto.port() > PortNumber.MAX.value()) {
                problems.add("location.port", "must be a physical port 1.." + PortNumber.MAX.value() + ": " + dto.port());
            } else {
                port = Optional.of(PortNumber.of(dto.port()));
            }
        }
        return dpid.isPresent() && port.isPresent() ? Optional.of(WorkloadLocation.of(dpid.get(), port.get()))
                : Optional.empty();
    }

    static Segment segment(String name, SegmentDto dto, FieldProblems problems) {
        Optional<WorkloadSelector> members =
                dto.workloadSelector() == null && dto.namespaceSelector() == null ? Optional.empty()
                        : Optional.of(SharedConversion.workloads("", dto.workloadSelector(), dto.namespaceSelector(),
                                problems));
        return new Segment(name, members, SharedConversion.ipBlocks("ipBlocks", dto.ipBlocks(), problems));
    }

    static Policy policy(String name, PolicyDto dto, FieldProblems problems) {
        List<AppliedTo> targets = new ArrayList<>();
        for (int i = 0; i < dto.appliedTo().size(); i++) {
            String at = "appliedTo[" + i + "]";
            PolicyDto.TargetDto target = dto.appliedTo().get(i);
            if (!problems.require(at, target)) {
                continue;
            }
            boolean bySelector = target.workloadSelector() != null || target.namespaceSelector() != null;
            if (target.segment() != null && bySelector) {
                problems.add(at, "give a segment or selectors, not both");
            } else if (target.segment() != null) {
                targets.add(AppliedTo.segment(target.segment()));
            } else if (bySelector) {
                targets.add(AppliedTo.workloads(SharedConversion.workloads(at + ".", target.workloadSelector(),
                        target.namespaceSelector(), problems)));
            } else {
                problems.add(at, "needs a segment or a workloadSelector/namespaceSelector");
            }
        }
        List<Rule> ingress = rules(Direction.INGRESS, dto.ingress(), problems);
        List<Rule> egress = rules(Direction.EGRESS, dto.egress(), problems);
        String tier = dto.tier() == null ? DEFAULT_TIER : dto.tier();
        int priority = dto.priority() == null ? DEFAULT_PRIORITY : dto.priority();
        return new Policy(name, tier, priority, targets, ingress, egress, Boolean.TRUE.equals(dto.staged()));
    }

    private static List<Rule> rules(Direction direction, List<PolicyDto.RuleDto> dtos, FieldProblems problems) {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < dtos.size(); i++) {
            String at = direction + "[" + i + "]";
            PolicyDto.RuleDto rule = dtos.get(i);
            if (!problems.require(at, rule)) {
                continue;
            }
            Optional<Action> action = problems.parse(at + ".action", rule.action(), Action::parse);
            String peersField = direction == Direction.INGRESS ? "from" : "to";
            List<PolicyDto.PeerDto> peerDtos = direction == Direction.INGRESS ? rule.from() : rule.to();
            List<PolicyDto.PeerDto> wrong = direction == Direction.INGRESS ? rule.to() : rule.from();
            if (wrong != null) {
                problems.add(at + "." + (direction == Direction.INGRESS ? "to" : "from"),
                        "an " + direction + " rule lists its peers under '" + peersField + "'");
            }
            List<Peer> peers = new ArrayList<>();
            if (peerDtos != null) {
                for (int p = 0; p < peerDtos.size(); p++) {
                    peer(at + "." + peersField + "[" + p + "]", peerDtos.get(p), problems).ifPresent(peers::add);
                }
            }
            var ports = SharedConversion.ports(at + ".ports", rule.ports(), problems);
            action.ifPresent(a -> rules.add(Rule.of(a, peers, ports)));
        }
        return rules;
    }

    private static Optional<Peer> peer(String at, PolicyDto.PeerDto dto, FieldProblems problems) {
        if (!problems.require(at, dto)) {
            return Optional.empty();
        }
        boolean bySelector = dto.workloadSelector() != null || dto.namespaceSelector() != null;
        int kinds = (dto.segment() != null ? 1 : 0) + (bySelector ? 1 : 0) + (dto.ipBlock() != null ? 1 : 0);
        if (kinds != 1) {
            problems.add(at, "a peer is exactly one of: segment, workloadSelector/namespaceSelector, ipBlock");
            return Optional.empty();
        }
        if (dto.segment() != null) {
            return Optional.of(Peer.segment(dto.segment()));
        }
        if (bySelector) {
            return Optional.of(Peer.workloads(SharedConversion.workloads(at + ".", dto.workloadSelector(),
                    dto.namespaceSelector(), problems)));
        }
        Optional<IpBlock> block = SharedConversion.ipBlock(at + ".ipBlock", dto.ipBlock(), problems);
        return block.map(Peer::ipBlock);
    }

    static EnforcementSetting enforcement(String name, EnforcementDto dto, FieldProblems problems) {
        var scope = SharedConversion.workloads("", dto.workloadSelector(), dto.namespaceSelector(), problems);
        Optional<EnforcementMode> mode = problems.parse("mode", dto.mode(), EnforcementMode::parse);
        return EnforcementSetting.of(name, scope, mode.orElse(EnforcementMode.ENFORCE));
    }

    static List<Tier> tiers(TiersDto dto, FieldProblems problems) {
        List<Tier> tiers = new ArrayList<>();
        if (dto.tiers().isEmpty()) {
            problems.add("tiers", "at least one tier is needed");
        }
        for (int i = 0; i < dto.tiers().size(); i++) {
            String at = "tiers[" + i + "]";
            TiersDto.TierDto tier = dto.tiers().get(i);
            if (problems.require(at, tier) & tier != null
                    && problems.require(at + ".name", tier.name()) & problems.require(at + ".order", tier.order())) {
                tiers.add(Tier.of(tier.name(), tier.order()));
            }
        }
        return tiers;
    }

    static GlobalSettings settings(SettingsDto dto, FieldProblems problems) {
        Posture posture = dto.defaultPosture() == null ? GlobalSettings.DEFAULTS.posture()
                : problems.parse("defaultPosture", dto.defaultPosture(), Posture::parse).orElse(Posture.DENY);
        EnforcementMode mode = dto.defaultMode() == null ? GlobalSettings.DEFAULTS.defaultMode()
                : problems.parse("defaultMode", dto.defaultMode(), EnforcementMode::parse).orElse(EnforcementMode.ENFORCE);
        OnTighten onTighten = dto.onTighten() == null ? GlobalSettings.DEFAULTS.onTighten()
                : problems.parse("onTighten", dto.onTighten(), OnTighten::parse).orElse(OnTighten.CUT);
        Learning learning = dto.learning() == null ? GlobalSettings.DEFAULTS.learning()
                : problems.parse("learning", dto.learning(), Learning::parse).orElse(Learning.CONFIRM);
        return new GlobalSettings(posture, mode, onTighten, learning);
    }

    /** The settings as stored and answered: a field left out takes its default, so a GET never shows null. */
    static SettingsDto settingsView(SettingsDto dto) {
        GlobalSettings defaults = GlobalSettings.DEFAULTS;
        return new SettingsDto(orDefault(dto.defaultPosture(), defaults.posture()),
                orDefault(dto.defaultMode(), defaults.defaultMode()), orDefault(dto.onTighten(), defaults.onTighten()),
                orDefault(dto.learning(), defaults.learning()), dto.resourceVersion());
    }

    private static String orDefault(String value, Object fallback) {
        return value != null ? value : fallback.toString();
    }
}
