package io.microseg.controller.runtime;

import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadId;
import io.microseg.topology.Attachment;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.TopologySnapshot;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where each workload without a registered location is bound, learned from discovery. Pure.
 *
 * <p>A learned binding is sticky: a host that shows up elsewhere with a bound workload's MAC and
 * address takes the binding over only when the bound port is down or gone. Otherwise a spoofer on
 * another port could move a workload's identity to itself by sending one frame. A registered
 * location (from the API) always wins and is never learned over.
 */
public record WorkloadBinding(Map<WorkloadId, ConnectPoint> bound) {
    public static final WorkloadBinding NONE = new WorkloadBinding(Map.of());

    public WorkloadBinding {
        bound = Map.copyOf(bound);
    }

    /** The bindings after a topology or model change. */
    public WorkloadBinding update(PolicyModel model, TopologySnapshot snapshot) {
        Map<WorkloadId, ConnectPoint> next = new HashMap<>();
        for (Workload workload : model.workloads()) {
            if (workload.location().isPresent() || workload.mac().isEmpty()) {
                continue;
            }
            ConnectPoint old = bound.get(workload.id());
            Optional<ConnectPoint> seen = snapshot.host(workload.mac().get())
                    .filter(host -> claimsAddress(host, workload))
                    .map(Attachment::point);
            if (old != null && (seen.isEmpty() || seen.get().equals(old) || portUp(snapshot, old))) {
                next.put(workload.id(), old);
            } else {
                seen.ifPresent(point -> next.put(workload.id(), point));
            }
        }
        return new WorkloadBinding(next);
    }

    private static boolean claimsAddress(Attachment host, Workload workload) {
        return host.ips().isEmpty() || workload.addresses().stream().anyMatch(host.ips()::contains);
    }

    private static boolean portUp(TopologySnapshot snapshot, ConnectPoint point) {
        return snapshot.port(point).map(port -> port.up()).orElse(false);
    }
}
