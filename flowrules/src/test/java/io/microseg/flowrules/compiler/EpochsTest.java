package io.microseg.flowrules.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.MatchField;
import io.microseg.flowrules.pipeline.Marks;
import io.microseg.flowrules.pipeline.Tables;
import io.microseg.flowrules.policy.AppliedTo;
import io.microseg.flowrules.policy.OnTighten;
import io.microseg.flowrules.policy.Peer;
import io.microseg.flowrules.policy.Policy;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.PortMatch;
import io.microseg.flowrules.policy.Posture;
import io.microseg.flowrules.policy.Rule;
import io.microseg.flowrules.policy.fixtures.ThreeTierExample;
import io.microseg.topology.DatapathId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpochsTest {
    private static final NetworkView VIEW = EntryCountTest.line(2);

    private static PolicyModel withPolicy(PolicyModel model, Policy policy) {
        List<Policy> policies = new ArrayList<>(model.policies());
        policies.add(policy);
        return model.withPolicies(policies);
    }

    @Test
    void epochsStartAtOneAndWrapPastThirtyOneBits() {
        assertThat(PolicyCompiler.compile(ThreeTierExample.model(), VIEW).epoch()).isEqualTo(1);
        assertThat(Epochs.next(1)).isEqualTo(2);
        assertThat(Epochs.next(Marks.CT_EPOCH_MASK)).isEqualTo(1);
        assertThat(Epochs.valid(0)).isFalse();
        assertThat(Epochs.valid(Marks.CT_EPOCH_MASK + 1)).isFalse();
    }

    @Test
    void aNewDenyOrPostureMovesTheEpochANewAllowDoesNot() {
        PolicyModel model = ThreeTierExample.model();
        CompiledNetwork first = PolicyCompiler.compile(model, VIEW);
        Policy allow = Policy.of("more", "application", 50, AppliedTo.segment("web"))
                .withEgress(Rule.allow(Peer.segment("app"), PortMatch.tcp(9999)));
        Policy deny = Policy.of("less", "application", 5, AppliedTo.segment("web"))
                .withEgress(Rule.deny(Peer.segment("app"), PortMatch.tcp(8080)));

        assertThat(PolicyCompiler.compile(withPolicy(model, allow), VIEW, first).epoch()).isEqualTo(first.epoch());
        assertThat(PolicyCompiler.compile(withPolicy(model, deny), VIEW, first).epoch()).isEqualTo(first.epoch() + 1);
        assertThat(PolicyCompiler.compile(model.toBuilder().posture(Posture.ALLOW).build(), VIEW, first).epoch())
                .as("a posture change is decided conservatively").isEqualTo(first.epoch() + 1);
        assertThat(PolicyCompiler.compile(model, VIEW, first).epoch()).as("no change").isEqualTo(first.epoch());
    }

    @Test
    void onTightenChangesOnlyConntrackStateNotTheEpoch() {
        PolicyModel model = ThreeTierExample.model();
        CompiledNetwork cut = PolicyCompiler.compile(model, VIEW);
        CompiledNetwork keep = PolicyCompiler.compile(model.toBuilder().onTighten(OnTighten.KEEP).build(), VIEW, cut);

        assertThat(keep.epoch()).isEqualTo(cut.epoch());
        var diff = keep.changesFrom(cut).get(DatapathId.of(1));
        assertThat(diff.ordered()).isNotEmpty()
                .allSatisfy(op -> assertThat(op.entry().table()).isEqualTo(Tables.CONNTRACK_STATE));
        List<FlowEntry> table2 = keep.flowsOf(DatapathId.of(1)).stream()
                .filter(f -> f.table() == Tables.CONNTRACK_STATE).toList();
        assertThat(table2).noneMatch(f -> f.match().has(MatchField.CT_MARK));
    }
}
