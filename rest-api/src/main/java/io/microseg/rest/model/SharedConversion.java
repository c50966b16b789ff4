package io.microseg.rest.model;

import io.microseg.flowrules.policy.IpBlock;
import io.microseg.flowrules.policy.LabelRequirement;
import io.microseg.flowrules.policy.LabelSelector;
import io.microseg.flowrules.policy.Labels;
import io.microseg.flowrules.policy.PortMatch;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.TransportPort;
import io.microseg.flowrules.policy.WorkloadSelector;
import io.microseg.rest.dto.IpBlockDto;
import io.microseg.rest.dto.PortDto;
import io.microseg.rest.dto.SelectorDto;
import io.microseg.topology.Ipv4Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Conversion of the parts DTOs share (labels, selectors, IP blocks, port matches) into the policy model. Syntax the
 * model cannot even hold (a CIDR that does not parse, a null label value) is reported here; everything else is left
 * to {@code PolicyModel.validate()}.
 */
final class SharedConversion {

    private SharedConversion() {
    }

    static Labels labels(String path, Map<String, String> values, FieldProblems problems) {
        boolean ok = true;
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (entry.getValue() == null) {
                problems.add(path + "[" + entry.getKey() + "]", "label value must be a string, not null");
                ok = false;
            }
        }
        return ok ? Labels.of(values) : Labels.EMPTY;
    }

    static LabelSelector selector(String path, SelectorDto dto, FieldProblems problems) {
        if (dto == null) {
            return LabelSelector.EVERYTHING;
        }
        Labels matchLabels = labels(path + ".matchLabels", dto.matchLabels(), problems);
        List<LabelRequirement> requirements = new ArrayList<>();
        for (int i = 0; i < dto.matchExpressions().size(); i++) {
            String at = path + ".matchExpressions[" + i + "]";
            SelectorDto.RequirementDto requirement = dto.matchExpressions().get(i);
            if (!problems.require(at, requirement)) {
                continue;
            }
            problems.require(at + ".key", requirement.key());
            Optional<LabelRequirement.Operator> operator =
                    problems.parse(at + ".operator", requirement.operator(), LabelRequirement.Operator::parse);
            boolean valuesOk = true;
            for (int v = 0; v < requirement.values().size(); v++) {
                valuesOk &= problems.require(at + ".values[" + v + "]", requirement.values().get(v));
            }
            if (requirement.key() != null && operator.isPresent() && valuesOk) {
                requirements.add(new LabelRequirement(requirement.key(), operator.get(), requirement.values()));
            }
        }
        return new LabelSelector(matchLabels, requirements);
    }

    /** Both selectors of a workload selection; an absent one selects everything. */
    static WorkloadSelector workloads(String path, SelectorDto workloads, SelectorDto namespaces, FieldProblems problems) {
        return WorkloadSelector.of(selector(path + "workloadSelector", workloads, problems),
                selector(path + "namespaceSelector", namespaces, problems));
    }

    static Optional<IpBlock> ipBlock(String path, IpBlockDto dto, FieldProblems problems) {
        Optional<Ipv4Prefix> cidr = problems.parse(path + ".cidr", dto.cidr(), Ipv4Prefix::parse);
        List<Ipv4Prefix> except = new ArrayList<>();
        for (int i = 0; i < dto.except().size(); i++) {
            problems.parse(path + ".except[" + i + "]", dto.except().get(i), Ipv4Prefix::parse).ifPresent(except::add);
        }
        if (cidr.isEmpty() || except.size() != dto.except().size()) {
            return Optional.empty();
        }
        IpBlock block = new IpBlock(cidr.get(), except);
        block.problems(path).forEach(problem -> problems.add(problem.path(), problem.message()));
        return Optional.of(block);
    }

    static List<IpBlock> ipBlocks(String path, List<IpBlockDto> dtos, FieldProblems problems) {
        List<IpBlock> blocks = new ArrayList<>();
        for (int i = 0; i < dtos.size(); i++) {
            String at = path + "[" + i + "]";
            if (problems.require(at, dtos.get(i))) {
                ipBlock(at, dtos.get(i), problems).ifPresent(blocks::add);
            }
        }
        return blocks;
    }

    static List<PortMatch> ports(String path, List<PortDto> dtos, FieldProblems problems) {
        List<PortMatch> ports = new ArrayList<>();
        for (int i = 0; i < dtos.size(); i++) {
            String at = path + "[" + i + "]";
            PortDto dto = dtos.get(i);
            if (!problems.require(at, dto)) {
                continue;
            }
            Optional<Protocol> protocol = dto.protocol() == null ? Optional.of(Protocol.TCP)
                    : problems.parse(at + ".protocol", dto.protocol(), Protocol::parse);
            Optional<TransportPort> port = Optional.empty();
            boolean portOk = true;
            if (dto.port() instanceof Integer number) {
                port = Optional.of(TransportPort.number(number));
            } else if (dto.port() instanceof String text && !text.isEmpty()) {
                port = Optional.of(TransportPort.parse(text));
            } else if (dto.port() != null) {
                problems.add(at + ".port", "port must be a number 1..65535 or a port name, not " + dto.port());
                portOk = false;
            }
            if (protocol.isPresent() && portOk) {
                ports.add(new PortMatch(protocol.get(), port, Optional.ofNullable(dto.endPort())));
            }
        }
        return ports;
    }
}
