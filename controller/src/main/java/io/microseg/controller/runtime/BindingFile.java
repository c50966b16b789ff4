package io.microseg.controller.runtime;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.microseg.flowrules.policy.WorkloadId;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.PortNumber;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learned and confirmed workload bindings ({@link WorkloadBinding#bound()}) in {@code <data-dir>/bindings.json},
 * so a restarted controller binds its workloads where they were without learning them again (and without a stranger
 * who speaks first getting a chance). Written when the bindings change (temp file, fsync, atomic rename, like
 * {@link AllocationFile}); read once at startup. A missing or corrupt file means starting with no learned bindings.
 *
 * <pre>
 * {"version": 1, "bindings": [{"workload": "default/web", "dpid": "00:00:00:00:00:00:00:01", "port": "2"}]}
 * </pre>
 */
public final class BindingFile {
    private static final Logger LOG = LoggerFactory.getLogger(BindingFile.class);
    static final String NAME = "bindings.json";
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    record Entry(String workload, String dpid, String port) {
    }

    record Stored(int version, List<Entry> bindings) {
    }

    private final Path file;
    private final Path temp;
    private Optional<Map<WorkloadId, ConnectPoint>> onDisk = Optional.empty();

    public BindingFile(Path dataDir) {
        this.file = dataDir.resolve(NAME);
        this.temp = dataDir.resolve(NAME + ".tmp");
    }

    public Path path() {
        return file;
    }

    /** The stored bindings; empty, with a warning, when there are none or they cannot be read. */
    public Map<WorkloadId, ConnectPoint> load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            LOG.info("no stored workload bindings in {}: workloads without a location are learned afresh", file);
            return Map.of();
        } catch (IOException e) {
            LOG.warn("cannot read the stored workload bindings in {}: learning afresh", file, e);
            return Map.of();
        }
        try {
            Stored stored = JSON.readValue(bytes, Stored.class);
            if (stored == null || stored.version() != VERSION || stored.bindings() == null) {
                LOG.warn("stored workload bindings in {} have an unknown format: learning afresh", file);
                return Map.of();
            }
            Map<WorkloadId, ConnectPoint> bound = new HashMap<>();
            for (Entry entry : stored.bindings()) {
                bound.put(WorkloadId.parse(entry.workload()),
                        ConnectPoint.of(DatapathId.parse(entry.dpid()), PortNumber.parse(entry.port())));
            }
            onDisk = Optional.of(Map.copyOf(bound));
            LOG.info("restored {} workload binding(s) from {}", bound.size(), file);
            return onDisk.get();
        } catch (IOException | RuntimeException e) {
            LOG.warn("stored workload bindings in {} are corrupt: learning afresh", file, e);
            return Map.of();
        }
    }

    /** Stores {@code bound} unless the file already holds it; a failure is logged, not thrown. */
    public boolean save(Map<WorkloadId, ConnectPoint> bound) {
        if (onDisk.isPresent() && onDisk.get().equals(bound)) {
            return false;
        }
        try {
            List<Entry> entries = new TreeMap<>(bound).entrySet().stream()
                    .map(e -> new Entry(e.getKey().toString(), e.getValue().dpid().toString(),
                            e.getValue().port().toString()))
                    .toList();
            byte[] bytes = JSON.writeValueAsBytes(new Stored(VERSION, entries));
            AtomicFile.write(file, temp, bytes);
            onDisk = Optional.of(Map.copyOf(bound));
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not store the workload bindings in {}; a restart would learn them again", file, e);
            onDisk = Optional.empty();
            return false;
        }
    }
}
