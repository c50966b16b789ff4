package io.microseg.controller.status;

import io.microseg.controller.discovery.LinkDiscovery;
import io.microseg.controller.runtime.ControllerRuntime;
import io.microseg.controller.runtime.PolicyEngine;
import io.microseg.controller.translate.FlowTranslator;
import io.microseg.controller.visibility.PolicyReports;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadId;
import io.microseg.rest.NetworkStatusSource;
import io.microseg.rest.model.Rejection;
import io.microseg.rest.status.ReportView;
import io.microseg.rest.status.SightingView;
import io.microseg.rest.status.SwitchFlows;
import io.microseg.rest.status.SwitchStatus;
import io.microseg.rest.status.TopologyView;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Link;
import io.microseg.topology.PortNumber;
import io.microseg.topology.SwitchInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the REST API's read-only endpoints show, answered from the published snapshots of the
 * runtime, discovery and policy engine. Only {@code flows(dpid)} asks a switch (its counters),
 * with a bound, on the HTTP thread.
 */
public final class ControllerNetworkStatus implements NetworkStatusSource {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerNetworkStatus.class);

    private final ControllerRuntime runtime;
    private final LinkDiscovery discovery;
    private final PolicyEngine engine;
    /** The workloads of the last committed model (told by the REST writer's listener); read by REST threads. */
    private volatile List<Workload> workloads = List.of();
    private volatile boolean openflowListening;
    private final PolicyReports reports;

    public ControllerNetworkStatus(ControllerRuntime runtime, LinkDiscovery discovery, PolicyEngine engine,
                                   PolicyReports reports) {
        this.reports = reports;
        this.runtime = runtime;
        this.discovery = discovery;
        this.engine = engine;
    }

    @Override
    public TopologyView topology() {
        var view = discovery.view();
        List<TopologyView.SwitchView> switches = new ArrayList<>();
        for (SwitchInfo info : view.snapshot().switches().values()) {
            switches.add(new TopologyView.SwitchView(info.dpid().toString(), info.ports().values().stream()
                    .map(p -> new TopologyView.PortView(p.number().value(), p.name(), p.up())).toList()));
        }
        List<TopologyView.LinkView> links = new ArrayList<>();
        for (Link link : view.snapshot().links()) {
            links.add(new TopologyView.LinkView(link.src().dpid().toString(), link.src().port().value(),
                    link.dst().dpid().toString(), link.dst().port().value()));
        }
        List<TopologyView.AttachmentView> attachments = new ArrayList<>();
        for (Workload workload : workloads) {
            Optional<ConnectPoint> at = engine.locationOf(workload);
            at.ifPresent(point -> attachments.add(new TopologyView.AttachmentView(workload.id().toString(),
                    point.dpid().toString(), point.port().value(), workload.mac().map(Object::toString).orElse(""),
                    workload.addresses().stream().map(Object::toString).toList())));
        }
        List<TopologyView.EndpointView> unmanaged = view.unmanaged().stream()
                .map(u -> new TopologyView.EndpointView(u.mac().toString(), u.ips().stream().map(Object::toString).toList(),
                        u.point().dpid().toString(), u.point().port().value(), u.lastSeen()))
                .toList();
        return new TopologyView(switches, links, attachments, unmanaged);
    }

    @Override
    public Optional<SwitchFlows> flows(String dpidText) {
        DatapathId dpid;
        try {
            dpid = DatapathId.parse(dpidText);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!runtime.published().containsKey(dpid)) {
            return Optional.empty();
        }
        try {
            List<FlowEntry> desired = runtime.desired(dpid).get(5, TimeUnit.SECONDS);
            List<FlowComparison.Installed> installed = new ArrayList<>();
            var session = runtime.session(dpid);
            if (session.isPresent()) {
                FlowTranslator translator = new FlowTranslator(session.get().factory());
                var request = session.get().factory().buildFlowStatsRequest().setTableId(TableId.ALL)
                        .setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY).setCookie(U64.ZERO).setCookieMask(U64.ZERO)
                        .setMatch(session.get().factory().buildMatch().build()).build();
                for (OFFlowStatsEntry stats : session.get().flowStats(request).get(5, TimeUnit.SECONDS)) {
                    installed.add(installed(translator, stats));
                }
            } else {
                for (FlowEntry entry : runtime.installed(dpid).get(5, TimeUnit.SECONDS)) {
                    installed.add(new FlowComparison.Ours(entry, 0, 0));
                }
            }
            return Optional.of(FlowComparison.compare(dpid.toString(), desired, installed));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Rejection(Rejection.Cause.UNAVAILABLE, "interrupted while reading the flows of switch " + dpid);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("reading the flows of switch {} failed", dpid, e);
            throw new Rejection(Rejection.Cause.UNAVAILABLE, "the flows of switch " + dpid + " could not be read ("
                    + (e instanceof TimeoutException ? "no answer within 5 s" : e.getCause()) + "); try again");
        }
    }

    /** A flow read from the switch: ours as a {@link FlowEntry}, or foreign (a flow microseg never writes) as it reads. */
    private static FlowComparison.Installed installed(FlowTranslator translator, OFFlowStatsEntry stats) {
        long packets = stats.getPacketCount().getValue();
        long bytes = stats.getByteCount().getValue();
        try {
            return new FlowComparison.Ours(translator.fromStats(stats), packets, bytes);
        } catch (RuntimeException foreign) { // UnsupportedFlowException, or anything Loxi cannot give back
            return new FlowComparison.Foreign(new SwitchFlows.FlowView(stats.getTableId().getValue(),
                    stats.getPriority(), stats.getMatch().toString(), stats.getInstructions().toString(),
                    stats.getCookie().toString(), packets, bytes));
        }
    }

    @Override
    public List<SwitchStatus> switches() {
        return runtime.published().values().stream()
                .map(s -> new SwitchStatus(s.dpid().toString(), s.connected(), Optional.ofNullable(s.lastConfirmed()),
                        s.inSync(), s.inSync() ? engine.inForceRevision() : 0))
                .toList();
    }

    @Override
    public List<ReportView> reports(int limit) {
        return reports.latest(limit).stream().map(r -> new ReportView(r.at(), r.kind().name().toLowerCase().replace('_', '-'),
                r.dpid().toString(), r.inPort().value(), r.sourceMac().toString(),
                r.connection().map(c -> c.source().toString()).orElse(""),
                r.connection().map(c -> c.destination().toString()).orElse(""),
                r.connection().map(c -> c.protocolName()).orElse(""),
                r.connection().map(c -> c.sourcePort()).orElse(0), r.connection().map(c -> c.destinationPort()).orElse(0),
                r.egressDecision().orElse(""), r.ingressDecision().orElse(""), r.alert())).toList();
    }

    @Override
    public boolean ready() {
        return openflowListening;
    }

    /** A model was committed (or loaded at start): its workloads are what the topology lists as attachments. */
    public void modelCommitted(PolicyModel model) {
        workloads = List.copyOf(model.workloads());
    }

    /** The OpenFlow server listens: the controller is ready. */
    public void openflowListening() {
        openflowListening = true;
    }

    @Override
    public List<SightingView> sightings() {
        List<SightingView> out = new ArrayList<>();
        engine.pendingSightings().forEach((workload, sightings) -> sightings.forEach(s -> out.add(new SightingView(
                workload.toString(), s.point().dpid().toString(), s.point().port().value(), s.mac().toString(),
                s.ips().stream().map(Object::toString).sorted().toList(), s.firstSeen()))));
        out.sort(Comparator.comparing(SightingView::firstSeen).thenComparing(SightingView::workload));
        return out;
    }

    @Override
    public Confirmation confirmSighting(String workload, String dpid, long port, Duration timeout) {
        WorkloadId id;
        try {
            id = WorkloadId.parse(workload);
        } catch (IllegalArgumentException e) {
            return Confirmation.NOT_PENDING;
        }
        ConnectPoint point = ConnectPoint.of(DatapathId.parse(dpid), PortNumber.of(port));
        try {
            boolean confirmed = engine.confirm(id, point).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return confirmed ? Confirmation.CONFIRMED : Confirmation.NOT_PENDING;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Rejection(Rejection.Cause.UNAVAILABLE, "interrupted while confirming " + workload);
        } catch (TimeoutException e) {
            throw new Rejection(Rejection.Cause.UNAVAILABLE, "confirming " + workload + " at " + point
                    + " did not finish within " + timeout.toSeconds() + " s; GET /api/v1/sightings and /status show"
                    + " whether it took effect");
        } catch (ExecutionException e) {
            LOG.warn("confirming {} at {} failed", workload, point, e);
            throw new Rejection(Rejection.Cause.UNAVAILABLE, "confirming " + workload + " at " + point + " failed ("
                    + e.getCause() + ")");
        }
    }
}
