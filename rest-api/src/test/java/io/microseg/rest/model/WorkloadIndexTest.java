package io.microseg.rest.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.policy.Labels;
import io.microseg.flowrules.policy.ModelValidation;
import io.microseg.flowrules.policy.Namespace;
import io.microseg.flowrules.policy.Workload;
import io.microseg.rest.dto.NamespaceDto;
import io.microseg.rest.store.Kind;
import io.microseg.rest.store.Write;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The index admits a workload change exactly when the full validation finds no problem in the result. */
class WorkloadIndexTest {

    private static final String[] NAMESPACES = {"prod", "dev", "missing"};
    private static final String[] NAMES = {"w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7", "Bad_Name"};

    @Test
    void admitsExactlyTheValidWorkloadChanges() {
        Random random = new Random(42);
        Snapshot valid = withNamespaces("prod", "dev");
        WorkloadIndex index = WorkloadIndex.of(valid);
        int admitted = 0;
        int refused = 0;
        for (int step = 0; step < 3_000; step++) {
            Map<String, Workload> puts = new HashMap<>();
            List<String> deletes = new ArrayList<>();
            for (int c = 1 + random.nextInt(3); c > 0; c--) {
                String key = NAMESPACES[random.nextInt(NAMESPACES.length)] + "/" + NAMES[random.nextInt(NAMES.length)];
                if (valid.get(Kind.WORKLOAD, key).isPresent() && random.nextInt(3) == 0) {
                    deletes.add(key);
                    puts.remove(key);
                } else {
                    deletes.remove(key);
                    puts.put(key, workload(key, random));
                }
            }
            Snapshot candidate = change(valid, puts, deletes);
            assertThat(candidate.model()).isEqualTo(Snapshot.of(candidate.revision(), candidate.objects()).model());
            List<Write> writes = writes(puts, deletes);
            boolean admits = index.admits(candidate, writes);
            boolean clean = ModelValidation.problems(candidate.model()).isEmpty();
            assertThat(admits).as("step %d: %s, deleting %s", step, puts, deletes).isEqualTo(clean);
            if (clean) {
                index.advance(candidate, writes);
                valid = candidate;
                admitted++;
            } else {
                refused++;
            }
            assertThat(index.indexed()).isSameAs(valid);
        }
        assertThat(admitted).isGreaterThan(300);
        assertThat(refused).isGreaterThan(300);
    }

    @Test
    void doesNotAdmitChangesOfOtherKinds() {
        Snapshot valid = withNamespaces("prod");
        WorkloadIndex index = WorkloadIndex.of(valid);
        Snapshot candidate = withNamespaces("prod", "dev");
        assertThat(index.admits(candidate, List.of(new Write(Kind.NAMESPACE, "dev", Optional.empty(),
                Optional.of("{}"))))).isFalse();
    }

    @Test
    void followsNamespaceChanges() {
        Snapshot valid = withNamespaces("prod");
        WorkloadIndex index = WorkloadIndex.of(valid);
        Snapshot more = withNamespaces("prod", "dev");
        index.advance(more, List.of(new Write(Kind.NAMESPACE, "dev", Optional.empty(), Optional.of("{}"))));
        Map<String, Workload> put = Map.of("dev/a", Workload.of("dev", "a", Labels.EMPTY, "10.0.0.1"));
        assertThat(index.admits(change(more, put, List.of()), writes(put, List.of()))).isTrue();
    }

    private static Workload workload(String key, Random random) {
        String[] parts = key.split("/");
        List<String> addresses = new ArrayList<>();
        for (int a = random.nextInt(3); a > 0; a--) {
            addresses.add("10.0.0." + (1 + random.nextInt(24)));
        }
        return Workload.of(parts[0], parts[1], Labels.of("app", "a" + random.nextInt(3)), addresses.toArray(String[]::new));
    }

    private static Snapshot withNamespaces(String... names) {
        TreeMap<String, Entry> namespaces = new TreeMap<>();
        for (String name : names) {
            namespaces.put(name, new Entry(Kind.NAMESPACE, name, new NamespaceDto(name, Map.of(), null),
                    Namespace.of(name), 1, Instant.EPOCH, "{}"));
        }
        Map<Kind, TreeMap<String, Entry>> objects = new EnumMap<>(Kind.class);
        objects.put(Kind.NAMESPACE, namespaces);
        return Snapshot.of(1, objects);
    }

    private static Snapshot change(Snapshot valid, Map<String, Workload> puts, List<String> deletes) {
        TreeMap<String, Entry> workloads = new TreeMap<>();
        valid.list(Kind.WORKLOAD).forEach(entry -> workloads.put(entry.key(), entry));
        deletes.forEach(workloads::remove);
        puts.forEach((key, workload) -> workloads.put(key, new Entry(Kind.WORKLOAD, key, "dto", workload,
                valid.revision() + 1, Instant.EPOCH, "{}")));
        return valid.next(valid.revision() + 1, Map.of(Kind.WORKLOAD, workloads));
    }

    private static List<Write> writes(Map<String, Workload> puts, List<String> deletes) {
        List<Write> writes = new ArrayList<>();
        puts.keySet().forEach(key -> writes.add(new Write(Kind.WORKLOAD, key, Optional.empty(), Optional.of("{}"))));
        deletes.forEach(key -> writes.add(new Write(Kind.WORKLOAD, key, Optional.of("{}"), Optional.empty())));
        return writes;
    }
}
