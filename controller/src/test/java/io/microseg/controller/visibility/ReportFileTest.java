package io.microseg.controller.visibility;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.controller.openflow.PacketIn;
import io.microseg.controller.openflow.SwitchSession;
import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.pipeline.FlowCategory;
import io.microseg.topology.DatapathId;
import io.microseg.topology.PortNumber;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFVersion;

/** reports.jsonl rotates by size and by age and keeps a bounded number of rotated files (fake clock, tiny limits). */
class ReportFileTest {
    @TempDir
    Path dir;

    /** A clock the test moves. */
    static final class FakeClock extends Clock {
        Instant now = Instant.parse("2026-12-04T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final FakeClock clock = new FakeClock();

    private static String line(int n) {
        return String.format("{\"at\":\"x\",\"n\":%04d}", n); // 19 bytes + newline = 20
    }

    private List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    private long totalBytes() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path f : files.toList()) {
                total += Files.size(f);
            }
            return total;
        }
    }

    @Test
    void rotatesBeforeALineWouldPassTheSizeLimitAndKeepsOnlyTheNewestFiles() throws IOException {
        ReportFile file = new ReportFile(dir.resolve("reports.jsonl"), new ReportFile.Limits(100, Duration.ofDays(1), 3),
                clock);
        for (int n = 0; n < 100; n++) {
            file.append(line(n));
            assertThat(Files.size(file.path())).isLessThanOrEqualTo(100);
            assertThat(totalBytes()).as("never more than (keep + 1) x max").isLessThanOrEqualTo(400);
        }
        file.close();
        // 5 lines of 20 bytes per file: the current file has 95..99, .1 90..94, .2 85..89, .3 80..84
        assertThat(lines(file.path())).containsExactly(line(95), line(96), line(97), line(98), line(99));
        assertThat(lines(file.rotated(1))).first().isEqualTo(line(90));
        assertThat(lines(file.rotated(2))).first().isEqualTo(line(85));
        assertThat(lines(file.rotated(3))).first().isEqualTo(line(80));
        assertThat(file.rotated(4)).doesNotExist();
    }

    @Test
    void rotatesOnceTheFirstLineIsOlderThanTheAgeLimit() throws IOException {
        ReportFile file = new ReportFile(dir.resolve("reports.jsonl"),
                new ReportFile.Limits(1 << 20, Duration.ofHours(1), 2), clock);
        file.append(line(1));
        clock.advance(Duration.ofMinutes(59));
        file.append(line(2));
        assertThat(file.rotated(1)).doesNotExist();
        clock.advance(Duration.ofMinutes(1)); // the first line is an hour old now
        file.append(line(3));
        assertThat(lines(file.rotated(1))).containsExactly(line(1), line(2));
        assertThat(lines(file.path())).containsExactly(line(3));
        for (int hour = 4; hour < 10; hour++) {
            clock.advance(Duration.ofHours(1));
            file.append(line(hour));
        }
        file.close();
        assertThat(lines(file.path())).containsExactly(line(9));
        assertThat(lines(file.rotated(1))).containsExactly(line(8));
        assertThat(lines(file.rotated(2))).containsExactly(line(7));
        assertThat(file.rotated(3)).doesNotExist();
    }

    @Test
    void aRestartGoesOnWithTheExistingFileItsAgeAndTheBound() throws IOException {
        Path path = dir.resolve("reports.jsonl");
        Files.writeString(path, "{\"at\":\"2026-12-03T23:30:00Z\",\"kind\":\"unknown-source\"}\n");
        for (int n = 1; n <= 6; n++) { // an earlier run kept more rotated files than this one may
            Files.writeString(dir.resolve("reports.jsonl." + n), "{}\n");
        }
        ReportFile file = new ReportFile(path, new ReportFile.Limits(1 << 20, Duration.ofHours(1), 2), clock);
        file.append(line(1)); // 30 minutes after the existing first line: same file
        assertThat(lines(path)).hasSize(2);
        assertThat(dir.resolve("reports.jsonl.3")).as("beyond keepFiles: deleted at once").doesNotExist();
        assertThat(dir.resolve("reports.jsonl.6")).doesNotExist();
        clock.advance(Duration.ofMinutes(30));
        file.append(line(2)); // now the existing file's first line is an hour old
        file.close();
        assertThat(lines(path)).containsExactly(line(2));
        assertThat(lines(file.rotated(1))).hasSize(2);
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> names.add(f.getFileName().toString()));
        }
        assertThat(names).containsExactlyInAnyOrder("reports.jsonl", "reports.jsonl.1", "reports.jsonl.2");
    }

    @Test
    void policyReportsWritesThroughTheRotatingFile() throws Exception {
        PolicyReports reports = new PolicyReports(dir, id -> Optional.empty(), clock, 400,
                Duration.ofDays(1), 2);
        var session = new SwitchSession(DatapathId.of(0xa1),
                new EmbeddedChannel(),
                OFFactories.getFactory(
                        OFVersion.OF_14), List.of(), Duration.ofSeconds(5));
        long cookie = Cookie.of(FlowCategory.SKELETON, 0)
                .value();
        for (int i = 0; i < 50; i++) {
            reports.packetIn(session, new PacketIn(
                    PortNumber.of(3), 0, cookie, 0, 0,
                    PolicyReportsTest.tcp("10.0.0.1", "10.0.0.9", 3306, 0x0800)));
        }
        reports.close();
        assertThat(reports.unknownSourceCount()).isEqualTo(50);
        assertThat(Files.size(dir.resolve("reports.jsonl"))).isLessThanOrEqualTo(400);
        assertThat(dir.resolve("reports.jsonl.2")).exists();
        assertThat(dir.resolve("reports.jsonl.3")).doesNotExist();
        assertThat(totalBytes()).isLessThanOrEqualTo(3 * 400);
    }
}
