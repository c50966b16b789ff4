package io.microseg.controller.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.microseg.flowrules.compiler.AllocationState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The allocations of the last compilation (identity ids, set bits, rule priorities, decision ids, conntrack zones) in
 * {@code <data-dir>/allocations.json}, so a restarted controller compiles the stored model to the very flows the
 * switches hold. Written after each compilation that changed them (temp file, fsync, atomic rename: the file is the
 * old state or the new one, never half of one); read once at startup. A missing, unreadable or corrupt file only
 * means starting with fresh allocations, as before this file existed.
 *
 * <pre>
 * {"version": 1, "nextIdentity": 9, "nextDecision": 39,
 *  "identities": {"region 0.0.0.0/0": 7, "workload 10.0.1.11/32": 6, ...},
 *  "bits": {"EGRESS_DESTINATION": {"NativePeers([OfSegment(\"log-servers\")])": 0}},
 *  "priorities": {"EGRESS": {"RuleKey(\"web-tier\",EGRESS,0)": 50018, ...}, "INGRESS": {...}},
 *  "decisions": {"RuleKey(\"web-tier\",EGRESS,0)": 16, ...}, "epoch": 3,
 *  "zones": {"6d:74:00:00:00:00:6d:01": 27905, ...}}
 * </pre>
 *
 * <p>Used by one thread at a time (loaded before the engine starts, saved on the engine's thread).
 */
public final class AllocationFile {
    private static final Logger LOG = LoggerFactory.getLogger(AllocationFile.class);
    static final String NAME = "allocations.json";
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The file's layout: the state's fields plus a format version. Unknown keys are ignored, so files that still
     * carry the cookie generation of earlier versions read as before.
     */
    record Stored(int version, int nextIdentity, int nextDecision, Map<String, Integer> identities,
            Map<String, Map<String, Integer>> bits, Map<String, Map<String, Integer>> priorities,
            Map<String, Integer> decisions, long epoch, Map<String, Integer> zones) {

        static Stored of(AllocationState state) {
            return new Stored(VERSION, state.nextIdentity(), state.nextDecision(),
                    state.identities(), state.bits(), state.priorities(), state.decisions(), state.epoch(),
                    state.zones());
        }

        AllocationState state() {
            return new AllocationState(nextIdentity, identities, bits, priorities, nextDecision, decisions,
                    epoch, zones);
        }
    }

    private final Path file;
    private final Path temp;
    /** What the file holds as far as this process knows (loaded or last written): an equal state is not written. */
    private Optional<AllocationState> onDisk = Optional.empty();

    public AllocationFile(Path dataDir) {
        this.file = dataDir.resolve(NAME);
        this.temp = dataDir.resolve(NAME + ".tmp");
    }

    public Path path() {
        return file;
    }

    /** The stored allocations; empty, with a warning, when there are none or they cannot be read. */
    public Optional<AllocationState> load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            LOG.warn("no stored allocations in {}: identity ids, bits and priorities are allocated afresh", file);
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("cannot read the stored allocations in {}: allocating afresh", file, e);
            return Optional.empty();
        }
        try {
            JsonNode tree = JSON.readTree(bytes);
            if (tree instanceof ObjectNode object && !object.has("epoch")) {
                object.put("epoch", 0); // written before epochs: the first compilation starts them
            }
            if (tree instanceof ObjectNode object && !object.has("zones")) {
                object.putObject("zones"); // written before zones were allocated: each switch gets one afresh
            }
            Stored stored = tree == null || tree.isMissingNode() ? null : JSON.treeToValue(tree, Stored.class);
            if (stored == null || stored.version() != VERSION) {
                LOG.warn("stored allocations in {} have format version {}, not {}: allocating afresh", file,
                        stored == null ? "none" : stored.version(), VERSION);
                return Optional.empty();
            }
            AllocationState state = stored.state();
            onDisk = Optional.of(state);
            LOG.info("resuming allocations from {}: {} endpoint(s), {} decision id(s), {} conntrack zone(s)", file,
                    state.identities().size(), state.decisions().size(), state.zones().size());
            return onDisk;
        } catch (IOException | RuntimeException e) {
            LOG.warn("stored allocations in {} are corrupt ({}): allocating afresh", file, firstLine(e));
            return Optional.empty();
        }
    }

    /**
     * Stores {@code state} unless the file already holds it. A failure is logged, not thrown: the flows in force do
     * not depend on the file, only a later restart's allocations do.
     *
     * @return whether the file was written
     */
    public boolean save(AllocationState state) {
        if (onDisk.isPresent() && onDisk.get().equals(state)) {
            return false;
        }
        try {
            byte[] bytes = JSON.writeValueAsBytes(Stored.of(state));
            AtomicFile.write(file, temp, bytes);
            onDisk = Optional.of(state);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not store the allocations in {}; a restart would allocate some ids afresh", file, e);
            onDisk = Optional.empty();
            return false;
        }
    }

    /** The rename itself durable (best effort: not every file system lets a directory be opened). */
    private static String firstLine(Exception e) {
        String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.toString();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
