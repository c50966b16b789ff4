package io.microseg.controller.visibility;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.controller.openflow.PacketIn;
import io.microseg.controller.openflow.SwitchSession;
import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.pipeline.FlowCategory;
import io.microseg.flowrules.pipeline.Marks;
import io.microseg.flowrules.pipeline.Tables;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Ipv4Address;
import io.microseg.topology.PortNumber;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFVersion;

class PolicyReportsTest {
    @TempDir
    Path dir;

    private final SwitchSession session = new SwitchSession(DatapathId.of(0xa1), new EmbeddedChannel(),
            OFFactories.getFactory(OFVersion.OF_14), List.of(), Duration.ofSeconds(5));

    static byte[] tcp(String src, String dst, int dport, int etherType) {
        byte[] f = new byte[14 + 20 + 8];
        f[6] = 0x00;
        f[11] = 0x0a; // source MAC 00:00:00:00:00:0a
        f[12] = (byte) (etherType >> 8);
        f[13] = (byte) etherType;
        f[14] = 0x45;
        f[14 + 9] = 6;
        System.arraycopy(Ipv4Address.parse(src).toBytes(), 0, f, 26, 4);
        System.arraycopy(Ipv4Address.parse(dst).toBytes(), 0, f, 30, 4);
        f[36] = (byte) (dport >> 8);
        f[37] = (byte) dport;
        return f;
    }

    @Test
    void wouldDenyReportNamesTheDecisionsAndIsWrittenForForensics() throws Exception {
        PolicyReports reports = new PolicyReports(dir, id -> id == 7 ? Optional.of("application/db-only ingress[0] deny")
                : Optional.empty(), Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC));
        long metadata = (7L << Marks.INGRESS_DECISION_SHIFT) | Marks.WOULD_DENY | Marks.DESTINATION_LENIENT
                | Marks.DESTINATION_ALERT;
        reports.packetIn(session, new PacketIn(PortNumber.of(3), Tables.REPORT, Cookie.of(FlowCategory.SKELETON, 0).value(),
                metadata, 0, tcp("10.0.0.1", "10.0.0.9", 3306, 0x0800)));
        reports.close();
        assertThat(reports.latest(10)).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(PolicyReport.Kind.WOULD_DENY);
            assertThat(r.alert()).isTrue();
            assertThat(r.ingressDecision()).contains("application/db-only ingress[0] deny");
            assertThat(r.egressDecision()).isEmpty();
            assertThat(r.connection().orElseThrow().destinationPort()).isEqualTo(3306);
            assertThat(r.describe()).startsWith("ALERT would-deny 10.0.0.1 -> 10.0.0.9 TCP/3306");
        });
        assertThat(reports.alertCount()).isEqualTo(1);
        String line = Files.readString(dir.resolve("reports.jsonl"));
        assertThat(line).contains("\"kind\":\"would-deny\"").contains("\"destinationPort\":3306")
                .contains("\"ingressDecision\":\"application/db-only ingress[0] deny\"").contains("\"at\":\"2026-11-28T10:00:00Z\"");
    }

    @Test
    void portSecurityMissIsAnUnknownSourceButLldpAndOtherTablesAreNotReports() {
        PolicyReports reports = new PolicyReports(dir, id -> Optional.empty(), Clock.systemUTC());
        long skeleton = Cookie.of(FlowCategory.SKELETON, 0).value();
        reports.packetIn(session, new PacketIn(PortNumber.of(5), Tables.PORT_SECURITY, skeleton,
                tcp("10.0.0.66", "10.0.0.2", 22, 0x0800)));
        reports.packetIn(session, new PacketIn(PortNumber.of(5), Tables.PORT_SECURITY, skeleton, tcp("0.0.0.0", "0.0.0.0", 0, 0x88cc)));
        reports.packetIn(session, new PacketIn(PortNumber.of(5), Tables.FORWARD, skeleton, tcp("10.0.0.1", "10.0.0.2", 22, 0x0800)));
        reports.packetIn(session, new PacketIn(PortNumber.of(5), Tables.PORT_SECURITY, 0, tcp("10.0.0.1", "10.0.0.2", 22, 0x0800)));
        reports.close();
        assertThat(reports.latest(10)).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(PolicyReport.Kind.UNKNOWN_SOURCE);
            assertThat(r.inPort()).isEqualTo(PortNumber.of(5));
            assertThat(r.connection().orElseThrow().source()).isEqualTo(Ipv4Address.parse("10.0.0.66"));
        });
        assertThat(reports.unknownSourceCount()).isEqualTo(1);
    }
}
