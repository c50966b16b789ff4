package io.microseg.flowrules.compiler;

import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.pipeline.Pipeline;
import io.microseg.flowrules.pipeline.SkeletonFlows;
import io.microseg.topology.DatapathId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last stage: the flows of bare-address regions every switch shares, and what only one switch has (skeleton,
 * trunks, gateway port, per-port flows), each checked against the pipeline once; and the count of every switch's flows. Pure.
 */
final class SwitchAssembly {

    /** Stage output: the classification flows of bare-address regions, source and destination side. */
    record Regions(List<FlowEntry> source, List<FlowEntry> destination) {
    }

    private SwitchAssembly() {
    }

    static Regions regions(SwitchFlows located) {
        List<FlowEntry> source = located.sourceRegions();
        List<FlowEntry> destination = located.destinationRegions();
        check(source);
        check(destination);
        return new Regions(source, destination);
    }

    /** The part of each switch that got a conntrack zone of its own (the others get no flows). */
    static Map<DatapathId, CompiledNetwork.SwitchPart> parts(NetworkView view, SwitchFlows located,
            ConntrackZones.Assignment zones, long epoch, boolean cut,
            Map<DatapathId, List<FlowEntry>> portFlows) {
        Map<DatapathId, CompiledNetwork.SwitchPart> parts = new TreeMap<>();
        for (DatapathId dpid : view.switches()) {
            if (zones.refused().contains(dpid)) {
                continue;
            }
            CompiledNetwork.SwitchPart part = located.part(dpid, SkeletonFlows.forSwitch(zones.zones().get(dpid),
                    view.options().dropTaggedFrames(), epoch, cut), portFlows.getOrDefault(dpid, List.of()));
            check(part.skeleton());
            check(part.ports());
            check(part.trunks());
            check(part.gatewayPort());
            check(part.gatewayForwarding());
            parts.put(dpid, part);
        }
        return parts;
    }

    /** How many flows all switches get together. */
    static long total(Map<DatapathId, CompiledNetwork.SwitchPart> parts, Regions regions, int sharedFlows,
            WorkloadFlowList.WorkloadCounts counts) {
        long total = 0;
        for (Map.Entry<DatapathId, CompiledNetwork.SwitchPart> entry : parts.entrySet()) {
            CompiledNetwork.SwitchPart part = entry.getValue();
            total += part.skeleton().size() + part.ports().size() + part.trunks().size() + part.gatewayForwarding().size()
                    + regions.source().size() + regions.destination().size() + sharedFlows + counts.perSwitch
                    + counts.portSecurity.getOrDefault(entry.getKey(), 0)
                    + (part.gateway() ? part.gatewayPort().size() + counts.spoofs : 0);
        }
        return total;
    }

    static void check(List<FlowEntry> flows) {
        List<String> misfits = Pipeline.problems(flows);
        if (!misfits.isEmpty()) {
            throw new IllegalStateException("compiled flows do not fit the pipeline: " + misfits);
        }
    }
}
