package io.microseg.flowrules.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code ModelValidation.validate(model, validBefore)} (which checks only the new workloads, against the valid
 * model's workloads by id and address, an index each validated model carries to the next) gives what the full check gives, for chains of small workload changes that
 * reuse, take and free ids and addresses.
 */
class ModelValidationIncrementalTest {

    private static Workload workload(int name, int address) {
        return Workload.of("default", "w" + name, Labels.of("tier", "t" + (name % 3)), "10.0." + (address / 200) + "."
                + (address % 200 + 1));
    }

    @Test
    void aDerivedModelHasTheProblemsOfTheFullCheck() {
        for (long seed = 1; seed <= 8; seed++) {
            Random random = new Random(seed);
            List<Workload> workloads = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                workloads.add(workload(i, i));
            }
            PolicyModel valid = PolicyModel.builder().workload(workloads.toArray(Workload[]::new)).build();
            ValidatedModel validated = ModelValidation.validate(valid, ValidatedModel.EMPTY).orElseThrow();
            int invalid = 0;
            for (int step = 0; step < 150; step++) {
                List<Workload> next = new ArrayList<>(valid.workloads());
                int changes = 1 + random.nextInt(3);
                for (int c = 0; c < changes; c++) {
                    int at = random.nextInt(next.size());
                    int name = random.nextInt(80); // sometimes an existing id
                    int address = random.nextInt(80); // sometimes an address in use
                    switch (random.nextInt(5)) {
                        case 0 -> next.remove(at);
                        case 1 -> next.add(random.nextInt(next.size() + 1), workload(name, address));
                        case 2 -> next.set(at, next.get(at).withLabels(Labels.of("tier", "x" + step))); // relabel
                        case 3 -> next.set(at, workload(name, address)); // replaced by another
                        default -> next.set(at, next.get(at).withAddresses(workload(0, address).addresses().get(0)));
                    }
                }
                PolicyModel model = valid.withWorkloads(next);
                List<Problem> full = ModelValidation.problems(model);
                ModelValidation.Validation derived = ModelValidation.validate(model, validated);
                assertThat(derived.problems()).as("seed %d step %d", seed, step).isEqualTo(full);
                if (full.isEmpty()) {
                    valid = model; // the next change starts from this one (its index derived from the last)
                    validated = derived.orElseThrow();
                } else {
                    invalid++;
                }
            }
            assertThat(invalid).as("seed %d: both valid and invalid steps", seed).isGreaterThan(0).isLessThan(150);
        }
    }
}
