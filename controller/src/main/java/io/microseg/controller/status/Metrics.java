package io.microseg.controller.status;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.microseg.controller.conntrack.RelatedPackets;
import io.microseg.controller.discovery.LinkDiscovery;
import io.microseg.controller.runtime.ControllerRuntime;
import io.microseg.controller.visibility.PolicyReports;
import java.util.concurrent.TimeUnit;

/** The controller's meters on the registry the REST API serves at {@code /metrics}. */
public final class Metrics {
    private Metrics() {
    }

    public static void register(MeterRegistry registry, ControllerRuntime runtime, LinkDiscovery discovery,
                                PolicyReports reports) {
        Gauge.builder("microseg_reports_would_deny", reports, PolicyReports::wouldDenyCount)
                .description("would-deny reports of monitored/alerting workloads (rate-limited by meter 2)").register(registry);
        Gauge.builder("microseg_reports_alerts", reports, PolicyReports::alertCount)
                .description("would-deny reports of alerting workloads").register(registry);
        Gauge.builder("microseg_reports_unknown_source", reports, PolicyReports::unknownSourceCount)
                .description("frames denied at port security: unknown hosts, spoofed MAC/IP (rate-limited per port)")
                .register(registry);
        Gauge.builder("microseg_switches_connected", runtime,
                r -> r.published().values().stream().filter(s -> s.connected()).count())
                .description("switches connected now").register(registry);
        Gauge.builder("microseg_switches_in_sync", runtime,
                r -> r.published().values().stream().filter(s -> s.inSync()).count())
                .description("connected switches whose desired flows are confirmed").register(registry);
        Gauge.builder("microseg_flows_desired", runtime,
                r -> r.published().values().stream().mapToLong(s -> s.desiredFlows()).sum())
                .description("desired flow entries over all switches").register(registry);
        Gauge.builder("microseg_links", discovery, d -> d.snapshot().links().size())
                .description("discovered directed inter-switch links").register(registry);
        Gauge.builder("microseg_lldp_probes_sent", discovery, LinkDiscovery::probesSent).register(registry);
        Timer pushLatency = Timer.builder("microseg_push_latency").description("flow push until barrier/commit confirmed")
                .publishPercentiles(0.5, 0.99).register(registry);
        Counter pushes = Counter.builder("microseg_pushes").tag("result", "ok").register(registry);
        Counter failures = Counter.builder("microseg_pushes").tag("result", "failed").register(registry);
        Counter operations = Counter.builder("microseg_flow_operations").description("flow adds, modifies and deletes sent")
                .register(registry);
        runtime.onPush((dpid, ok, nanos, ops) -> {
            pushLatency.record(nanos, TimeUnit.NANOSECONDS);
            (ok ? pushes : failures).increment();
            operations.increment(ops);
        });
    }

    /** Related packets (ICMP errors) the controller sent on or dropped. */
    public static void register(MeterRegistry registry, RelatedPackets related) {
        Gauge.builder("microseg_related_forwarded", related,
                RelatedPackets::forwardedCount)
                .description("related packets (ICMP errors) from their connection's peer, sent on (meter 5)")
                .register(registry);
        Gauge.builder("microseg_related_refused", related,
                RelatedPackets::refusedCount)
                .description("related packets dropped: from a host that is not the quoted connection's peer")
                .register(registry);
    }
}
