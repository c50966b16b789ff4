package io.microseg.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.policy.WorkloadId;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.PortNumber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Learned bindings survive a restart; a missing or corrupt file means learning afresh, never a failure. */
class BindingFileTest {
    private static final Map<WorkloadId, ConnectPoint> BOUND = Map.of(
            WorkloadId.of("default", "web"), ConnectPoint.of(DatapathId.of(0x10001), PortNumber.of(2)),
            WorkloadId.of("shop", "db"), ConnectPoint.of(DatapathId.of(1), PortNumber.LOCAL));

    @Test
    void whatIsSavedIsLoadedByTheNextProcess(@TempDir Path dir) {
        assertThat(new BindingFile(dir).save(BOUND)).isTrue();
        assertThat(new BindingFile(dir).load()).isEqualTo(BOUND);
        assertThat(dir.resolve("bindings.json.tmp")).doesNotExist();
    }

    @Test
    void anUnchangedStateIsNotWrittenAgain(@TempDir Path dir) {
        BindingFile file = new BindingFile(dir);
        assertThat(file.save(BOUND)).isTrue();
        assertThat(file.save(Map.copyOf(BOUND))).isFalse();
        assertThat(file.save(Map.of())).isTrue();
        assertThat(new BindingFile(dir).load()).isEmpty();
    }

    @Test
    void missingOrCorruptMeansNoBindings(@TempDir Path dir) throws Exception {
        assertThat(new BindingFile(dir).load()).isEmpty();
        Files.writeString(dir.resolve("bindings.json"), "{\"version\":1,\"bindings\":[{\"workload\":\"x\"");
        assertThat(new BindingFile(dir).load()).isEmpty();
        Files.writeString(dir.resolve("bindings.json"), "{\"version\":1,\"bindings\":[{\"workload\":\"default/web\",\"dpid\":\"1\",\"port\":\"not-a-port\"}]}");
        assertThat(new BindingFile(dir).load()).isEmpty();
    }
}
