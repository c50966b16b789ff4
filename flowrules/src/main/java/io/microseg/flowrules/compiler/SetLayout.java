package io.microseg.flowrules.compiler;

import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.NamedPort;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.Workload;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stage output: the sets the stage plans need. {@code names}: the named ports (name, protocol) the rules use;
 * {@code namedPorts}: those as the workloads serve them, in the order the sorted workloads are met, with the first
 * workload serving each ({@code firstServers}); {@code domains}: the sets per stage and side; {@code sets}: every set
 * once, in order, and {@code setIndex} its position. The functions here are pure.
 */
record SetLayout(Set<Map.Entry<String, Protocol>> names, Set<SetKey.NamedPort> namedPorts,
        Map<SetKey.NamedPort, Workload> firstServers, Map<Allocations.Domain, List<SetKey>> domains,
        Map<SetKey, Integer> setIndex, List<SetKey> sets) {

    static final SetLayout NONE = new SetLayout(null, Set.of(), null, Map.of(), Map.of(), List.of());

    /** The named ports (name, protocol) the stage plans use. */
    static Set<Map.Entry<String, Protocol>> names(Map<Direction, StagePlan> plans) {
        Set<Map.Entry<String, Protocol>> names = new HashSet<>();
        for (StagePlan plan : plans.values()) {
            plan.namedPortsUsed(names);
        }
        return names;
    }

    /** The named ports of {@code names} as the (sorted) workloads serve them, and the first server of each. */
    record Served(Set<SetKey.NamedPort> namedPorts, Map<SetKey.NamedPort, Workload> firstServers) {
    }

    static Served served(Set<Map.Entry<String, Protocol>> names, List<Workload> workloads) {
        Set<SetKey.NamedPort> namedPorts = new LinkedHashSet<>();
        Map<SetKey.NamedPort, Workload> firstServers = new HashMap<>();
        if (names.isEmpty()) {
            return new Served(namedPorts, firstServers);
        }
        for (Workload workload : workloads) {
            for (NamedPort port : workload.namedPorts()) {
                if (names.contains(Map.entry(port.name(), port.protocol()))) {
                    SetKey.NamedPort key = new SetKey.NamedPort(port.name(), port.protocol(), port.port());
                    namedPorts.add(key);
                    firstServers.putIfAbsent(key, workload);
                }
            }
        }
        return new Served(namedPorts, firstServers);
    }

    /**
     * The first server of each named port when the removed and added workloads leave the previous named ports (and
     * their order) as they were, else null. They do when every removed workload is no port's first server (or is
     * replaced, at the same place in the order, by one serving the same ports), and every added workload serves only
     * ports that are already there, after their first server.
     *
     * @param before the previous first servers, or null (then null)
     */
    static Map<SetKey.NamedPort, Workload> sameNamedPorts(Set<Map.Entry<String, Protocol>> names,
            Map<SetKey.NamedPort, Workload> before, List<Workload> removed, List<Workload> added) {
        if (before == null) {
            return null;
        }
        if (names.isEmpty()) {
            return before;
        }
        Map<SetKey.NamedPort, Workload> first = before;
        Set<Workload> replacing = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Workload gone : removed) {
            List<SetKey.NamedPort> served = served(names, gone);
            boolean firstOfAny = false;
            for (SetKey.NamedPort key : served) {
                firstOfAny |= first.get(key) == gone;
            }
            if (!firstOfAny) {
                continue;
            }
            Workload replacement = null;
            for (Workload candidate : added) {
                if (SortedWorkloads.compare(candidate, gone) == 0 && candidate.namedPorts().equals(gone.namedPorts())) {
                    replacement = candidate;
                    break;
                }
            }
            if (replacement == null) {
                return null;
            }
            if (first == before) {
                first = new HashMap<>(first);
            }
            for (SetKey.NamedPort key : served) {
                if (first.get(key) == gone) {
                    first.put(key, replacement);
                }
            }
            replacing.add(replacement);
        }
        for (Workload workload : added) {
            if (replacing.contains(workload)) {
                continue;
            }
            for (SetKey.NamedPort key : served(names, workload)) {
                Workload server = first.get(key);
                if (server == null || SortedWorkloads.compare(workload, server) <= 0) {
                    return null;
                }
            }
        }
        return first;
    }

    private static List<SetKey.NamedPort> served(Set<Map.Entry<String, Protocol>> names, Workload workload) {
        List<SetKey.NamedPort> out = new ArrayList<>();
        for (NamedPort port : workload.namedPorts()) {
            if (names.contains(Map.entry(port.name(), port.protocol()))) {
                out.add(new SetKey.NamedPort(port.name(), port.protocol(), port.port()));
            }
        }
        return out;
    }

    /** Sets per stage and side: self sides hold applied sets and selections, peer sides peers; named ports go with the destination. */
    static Map<Allocations.Domain, List<SetKey>> domains(Map<Direction, StagePlan> plans,
            Set<SetKey.NamedPort> namedPorts) {
        Map<Allocations.Domain, Set<SetKey>> domains = new EnumMap<>(Allocations.Domain.class);
        for (Allocations.Domain domain : Allocations.Domain.values()) {
            domains.put(domain, new LinkedHashSet<>());
        }
        for (StagePlan plan : plans.values()) {
            boolean egress = plan.direction() == Direction.EGRESS;
            Set<SetKey> self = domains.get(egress ? Allocations.Domain.EGRESS_SOURCE : Allocations.Domain.INGRESS_DESTINATION);
            Set<SetKey> peer = domains.get(egress ? Allocations.Domain.EGRESS_DESTINATION : Allocations.Domain.INGRESS_SOURCE);
            Set<SetKey> destination = egress ? peer : self;
            Set<Map.Entry<String, Protocol>> names = new HashSet<>();
            plan.namedPortsUsed(names);
            for (StagePlan.TieredRule rule : plan.tiered()) {
                self.add(rule.self());
                rule.peer().ifPresent(peer::add);
            }
            for (StagePlan.NetworkPolicyRule rule : plan.networkPolicyRules()) {
                self.add(rule.self());
                rule.peer().ifPresent(peer::add);
            }
            self.addAll(plan.isolations());
            for (SetKey.NamedPort named : namedPorts) {
                if (names.contains(Map.entry(named.name(), named.protocol()))) {
                    destination.add(named);
                }
            }
        }
        Map<Allocations.Domain, List<SetKey>> out = new EnumMap<>(Allocations.Domain.class);
        domains.forEach((domain, sets) -> out.put(domain, List.copyOf(sets)));
        return out;
    }

    /** Every set of the domains and the named ports once, in order, by position. */
    static Map<SetKey, Integer> index(Map<Allocations.Domain, List<SetKey>> domains, Set<SetKey.NamedPort> namedPorts) {
        Map<SetKey, Integer> setIndex = new LinkedHashMap<>();
        for (List<SetKey> used : domains.values()) {
            for (SetKey set : used) {
                setIndex.putIfAbsent(set, setIndex.size());
            }
        }
        for (SetKey set : namedPorts) {
            setIndex.putIfAbsent(set, setIndex.size());
        }
        return setIndex;
    }
}
