package io.microseg.rest.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.microseg.rest.model.Change;
import io.microseg.rest.model.Codecs;
import io.microseg.rest.model.Commit;
import io.microseg.rest.model.FieldError;
import io.microseg.rest.model.FieldProblems;
import io.microseg.rest.model.ModelState;
import io.microseg.rest.model.Outcome;
import io.microseg.rest.store.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Upserts Kubernetes objects as one revision: every object that converts and keeps the model valid is created or
 * updated; every other is refused with its problems. Namespaces go first so that pods and policies in the same
 * list can land in them.
 */
public final class KubernetesImport {

    private static final List<String> ORDER = List.of("Namespace", "Pod", "NetworkPolicy");

    private KubernetesImport() {
    }

    /** The parsed items and their fate, before the model is touched; for {@link #run}. */
    record Plan(List<KubernetesObject> items, List<Change> changes, Map<String, KubernetesObject> byObject) {
    }

    static Plan plan(byte[] body, boolean yaml) {
        List<KubernetesObject> items = new ArrayList<>();
        for (JsonNode node : KubernetesItems.documents(body, yaml)) {
            items.add(KubernetesItems.item(node));
        }
        items.sort(Comparator.comparingInt(item -> {
            int index = ORDER.indexOf(item.kubernetesKind());
            return index < 0 ? ORDER.size() : index;
        }));
        List<KubernetesObject> planned = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        Map<String, KubernetesObject> byObject = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (KubernetesObject item : items) {
            if (item.kind().isEmpty()) {
                planned.add(item);
                continue;
            }
            Kind kind = item.kind().get();
            String object = kind.plural() + "/" + item.key();
            if (!seen.add(object)) {
                planned.add(KubernetesObject.refused(item.kubernetesKind(), item.namespace(), item.name(), "metadata.name",
                        "listed more than once in this import"));
                continue;
            }
            FieldProblems problems = new FieldProblems();
            Object domain = Codecs.toDomain(kind, item.key(), item.dto(), problems);
            if (!problems.isEmpty()) {
                planned.add(new KubernetesObject(item.kubernetesKind(), item.namespace(), item.name(),
                        Optional.empty(), item.key(), item.dto(), problems.list().stream()
                        .map(p -> new FieldError(object, p.path(), p.message())).toList()));
                continue;
            }
            planned.add(item);
            byObject.put(object, item);
            changes.add(Change.put(kind, item.key(), item.dto(), domain, null));
        }
        return new Plan(planned, changes, byObject);
    }

    public static ImportOutcome run(ModelState state, String actor, byte[] body, boolean yaml) {
        Plan plan = plan(body, yaml);
        ModelState.BestEffort result = state.applyBestEffort(actor, plan.changes());
        List<ImportResponse.Refused> refused = new ArrayList<>();
        for (KubernetesObject item : plan.items()) {
            if (!item.problems().isEmpty()) {
                refused.add(new ImportResponse.Refused(item.kubernetesKind(), item.namespace(), item.name(),
                        item.problems()));
            }
        }
        result.refused().forEach((object, problems) -> {
            KubernetesObject item = plan.byObject().get(object);
            refused.add(new ImportResponse.Refused(item.kubernetesKind(), item.namespace(), item.name(), problems));
        });
        Commit commit = result.commit();
        return new ImportOutcome(commit, new ImportResponse(commit.revision(), count(commit, Outcome.Result.CREATED),
                count(commit, Outcome.Result.UPDATED), count(commit, Outcome.Result.UNCHANGED), refused, null));
    }

    /** The commit (to wait on) and the answer. */
    public record ImportOutcome(Commit commit, ImportResponse response) {
    }

    private static ImportResponse.Counts count(Commit commit, Outcome.Result result) {
        int namespaces = 0;
        int pods = 0;
        int policies = 0;
        for (Outcome outcome : commit.outcomes()) {
            if (outcome.result() != result) {
                continue;
            }
            switch (outcome.kind()) {
                case NAMESPACE -> namespaces++;
                case WORKLOAD -> pods++;
                case NETWORK_POLICY -> policies++;
                default -> {
                }
            }
        }
        return new ImportResponse.Counts(namespaces, pods, policies);
    }
}
