package io.microseg.controller.visibility;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.microseg.controller.openflow.PacketIn;
import io.microseg.controller.openflow.SwitchListener;
import io.microseg.controller.openflow.SwitchSession;
import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.pipeline.FlowCategory;
import io.microseg.flowrules.pipeline.Marks;
import io.microseg.flowrules.pipeline.Tables;
import io.microseg.topology.MacAddress;
import io.microseg.topology.packet.FiveTuple;
import io.microseg.topology.packet.FrameAddresses;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the data plane's reports (would-deny of monitored/alerting workloads, traffic from
 * unknown sources), keeps the latest in memory for the API, and appends every one as a JSON line
 * to {@code reports.jsonl} in the data directory: the forensic record. Alerts are logged as
 * warnings. Packet-ins arrive already rate-limited by the pipeline's meters; this class owns its
 * state on its own thread.
 */
public final class PolicyReports implements SwitchListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyReports.class);
    private static final int KEEP = 10_000;

    private final LongFunction<Optional<String>> decisions;
    private final Clock clock;
    private final Path file;
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "microseg-reports");
        thread.setDaemon(true);
        return thread;
    });
    private final ArrayDeque<PolicyReport> latest = new ArrayDeque<>();
    private volatile List<PolicyReport> published = List.of();
    private final AtomicLong wouldDeny = new AtomicLong();
    private final AtomicLong alerts = new AtomicLong();
    private final AtomicLong unknownSources = new AtomicLong();
    private final ReportFile out;

    /** {@code decisions} says what a decision id means (the current compilation's). */
    public PolicyReports(Path dataDir, LongFunction<Optional<String>> decisions, Clock clock) {
        this(dataDir, decisions, clock, 256L << 20, Duration.ofHours(24), 31);
    }

    /**
     * @param maxFileBytes {@code reports.jsonl} is rotated before it would grow past this
     * @param maxFileAge and once its first line is this old
     * @param keepFiles rotated files kept ({@code reports.jsonl.1} newest); older ones are deleted
     */
    public PolicyReports(Path dataDir, LongFunction<Optional<String>> decisions, Clock clock, long maxFileBytes,
            Duration maxFileAge, int keepFiles) {
        this.decisions = decisions;
        this.clock = clock;
        this.file = dataDir.resolve("reports.jsonl");
        this.out = new ReportFile(file, new ReportFile.Limits(maxFileBytes, maxFileAge, keepFiles), clock);
    }

    @Override
    public void packetIn(SwitchSession session, PacketIn packet) {
        Cookie cookie = new Cookie(packet.cookie());
        boolean report = packet.table() == Tables.REPORT;
        boolean unknown = packet.table() == Tables.PORT_SECURITY && cookie.isOurs()
                && cookie.category() == FlowCategory.SKELETON && !isLldp(packet.data());
        if (report || unknown) {
            loop.execute(() -> record(build(session, packet, report)));
        }
    }

    private PolicyReport build(SwitchSession session, PacketIn packet, boolean report) {
        MacAddress source = FrameAddresses.parse(packet.data()).map(FrameAddresses::source).orElse(MacAddress.of(0));
        Optional<FiveTuple> connection = FiveTuple.parse(packet.data());
        if (!report) {
            return new PolicyReport(clock.instant(), PolicyReport.Kind.UNKNOWN_SOURCE, session.dpid(), packet.inPort(),
                    source, connection, Optional.empty(), Optional.empty(), false);
        }
        long ingress = (packet.metadata() & Marks.INGRESS_DECISION_MASK) >>> Marks.INGRESS_DECISION_SHIFT;
        boolean alert = (packet.metadata() & (Marks.SOURCE_ALERT | Marks.DESTINATION_ALERT)) != 0;
        return new PolicyReport(clock.instant(), PolicyReport.Kind.WOULD_DENY, session.dpid(), packet.inPort(), source,
                connection, describe(packet.reg6()), describe(ingress), alert);
    }

    private Optional<String> describe(long decision) {
        return decision == 0 ? Optional.empty()
                : Optional.of(decisions.apply(decision).orElse("decision " + decision));
    }

    private void record(PolicyReport report) {
        switch (report.kind()) {
            case WOULD_DENY -> {
                wouldDeny.incrementAndGet();
                if (report.alert()) {
                    alerts.incrementAndGet();
                    LOG.warn("{}", report.describe());
                } else {
                    LOG.info("{}", report.describe());
                }
            }
            case UNKNOWN_SOURCE -> {
                unknownSources.incrementAndGet();
                LOG.debug("{}", report.describe());
            }
        }
        latest.addLast(report);
        if (latest.size() > KEEP) {
            latest.removeFirst();
        }
        published = List.copyOf(latest);
        append(report);
    }

    private void append(PolicyReport report) {
        try {
            ObjectNode line = json.createObjectNode();
            line.put("at", report.at().toString());
            line.put("kind", report.kind().name().toLowerCase().replace('_', '-'));
            line.put("dpid", report.dpid().toString());
            line.put("inPort", report.inPort().value());
            line.put("sourceMac", report.sourceMac().toString());
            report.connection().ifPresent(c -> {
                line.put("source", c.source().toString());
                line.put("destination", c.destination().toString());
                line.put("protocol", c.protocolName());
                line.put("sourcePort", c.sourcePort());
                line.put("destinationPort", c.destinationPort());
            });
            report.egressDecision().ifPresent(d -> line.put("egressDecision", d));
            report.ingressDecision().ifPresent(d -> line.put("ingressDecision", d));
            line.put("alert", report.alert());
            out.append(json.writeValueAsString(line));
        } catch (IOException e) {
            LOG.error("cannot append to {}", file, e);
        }
    }

    /** The latest reports, oldest first (at most {@code limit}). */
    public List<PolicyReport> latest(int limit) {
        List<PolicyReport> all = published;
        return new ArrayList<>(all.subList(Math.max(0, all.size() - limit), all.size()));
    }

    public long wouldDenyCount() {
        return wouldDeny.get();
    }

    public long alertCount() {
        return alerts.get();
    }

    public long unknownSourceCount() {
        return unknownSources.get();
    }

    public Path file() {
        return file;
    }

    private static boolean isLldp(byte[] frame) {
        return FrameAddresses.parse(frame).map(f -> f.etherType() == 0x88cc).orElse(false);
    }

    @Override
    public void close() {
        loop.shutdown();
        try {
            loop.awaitTermination(2, TimeUnit.SECONDS);
            out.close();
        } catch (IOException | InterruptedException e) {
            LOG.warn("closing {}", file, e);
        }
    }
}
