package io.microseg.controller.runtime;

import io.microseg.flowrules.policy.Learning;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadId;
import io.microseg.topology.Attachment;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.Ipv4Address;
import io.microseg.topology.MacAddress;
import io.microseg.topology.TopologySnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where each workload without a registered location is bound, learned from discovery, and the sightings that wait
 * for an operator. Pure.
 *
 * <p>The {@link Learning} setting decides what a sighting of an unbound workload (a host on some port sending its MAC
 * and one of its addresses) does: {@code first-seen} binds it at once; {@code confirm} records it as a pending
 * {@link Sighting} that grants nothing until {@link #confirm} (an operator) binds it; {@code off} binds nothing and
 * drops every learned binding (only registered locations count).
 *
 * <p>A binding is sticky in every mode: a host that shows up elsewhere with a bound workload's MAC and address
 * takes the binding over only when the bound port is down or gone (under {@code confirm} it becomes a pending
 * sighting again instead). Otherwise a spoofer on another port could move a workload's identity to itself by sending
 * one frame. A registered location (from the API) always wins and is never learned over.
 */
public record WorkloadBinding(Map<WorkloadId, ConnectPoint> bound, Map<WorkloadId, List<Sighting>> pending) {
    public static final WorkloadBinding NONE = new WorkloadBinding(Map.of(), Map.of());

    /** A port seen sending a workload's MAC and address while the workload was unbound under {@code confirm}. */
    public record Sighting(ConnectPoint point, MacAddress mac, Set<Ipv4Address> ips, Instant firstSeen) {
        public Sighting {
            ips = Set.copyOf(ips);
        }
    }

    public WorkloadBinding {
        bound = Map.copyOf(bound);
        Map<WorkloadId, List<Sighting>> copy = new HashMap<>();
        pending.forEach((id, list) -> copy.put(id, List.copyOf(list)));
        pending = Map.copyOf(copy);
    }

    /** Bindings restored from the store, nothing pending. */
    public static WorkloadBinding restored(Map<WorkloadId, ConnectPoint> bound) {
        return new WorkloadBinding(bound, Map.of());
    }

    /** The bindings after a topology or model change. */
    public WorkloadBinding update(PolicyModel model, TopologySnapshot snapshot) {
        Learning learning = model.settings().learning();
        Map<WorkloadId, ConnectPoint> next = new HashMap<>();
        Map<WorkloadId, List<Sighting>> waiting = new HashMap<>();
        if (learning == Learning.OFF) {
            return NONE;
        }
        for (Workload workload : model.workloads()) {
            if (workload.location().isPresent() || workload.mac().isEmpty()) {
                continue;
            }
            ConnectPoint old = bound.get(workload.id());
            Optional<Attachment> seen = snapshot.host(workload.mac().get()).filter(host -> claimsAddress(host, workload));
            Optional<ConnectPoint> seenAt = seen.map(Attachment::point);
            if (old != null && (seenAt.isEmpty() || seenAt.get().equals(old) || portUp(snapshot, old))) {
                next.put(workload.id(), old);
            } else if (learning == Learning.FIRST_SEEN) {
                seenAt.ifPresent(point -> next.put(workload.id(), point));
            } else {
                List<Sighting> sightings = new ArrayList<>(pending.getOrDefault(workload.id(), List.of()));
                seen.filter(host -> sightings.stream().noneMatch(s -> s.point().equals(host.point())))
                        .ifPresent(host -> sightings.add(new Sighting(host.point(), host.mac(), host.ips(), host.lastSeen())));
                if (!sightings.isEmpty()) {
                    waiting.put(workload.id(), sightings);
                }
            }
        }
        return new WorkloadBinding(next, waiting);
    }

    /**
     * An operator confirms that the workload is the one sighted at {@code point}: it is bound there and its pending
     * sightings are dropped. Empty when no such sighting is pending.
     */
    public Optional<WorkloadBinding> confirm(WorkloadId workload, ConnectPoint point) {
        boolean sighted = pending.getOrDefault(workload, List.of()).stream().anyMatch(s -> s.point().equals(point));
        if (!sighted) {
            return Optional.empty();
        }
        Map<WorkloadId, ConnectPoint> next = new HashMap<>(bound);
        next.put(workload, point);
        Map<WorkloadId, List<Sighting>> waiting = new HashMap<>(pending);
        waiting.remove(workload);
        return Optional.of(new WorkloadBinding(next, waiting));
    }

    private static boolean claimsAddress(Attachment host, Workload workload) {
        return host.ips().isEmpty() || workload.addresses().stream().anyMatch(host.ips()::contains);
    }

    private static boolean portUp(TopologySnapshot snapshot, ConnectPoint point) {
        return snapshot.port(point).map(port -> port.up()).orElse(false);
    }
}
