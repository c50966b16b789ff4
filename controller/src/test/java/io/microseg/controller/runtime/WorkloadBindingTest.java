package io.microseg.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.policy.Labels;
import io.microseg.flowrules.policy.Learning;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadId;
import io.microseg.flowrules.policy.WorkloadLocation;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Ipv4Address;
import io.microseg.topology.MacAddress;
import io.microseg.topology.PortInfo;
import io.microseg.topology.PortNumber;
import io.microseg.topology.SwitchInfo;
import io.microseg.topology.TopologyEvent;
import io.microseg.topology.TopologySnapshot;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Learned workload locations, for each learning mode: under first-seen the first sighting binds; under confirm it is
 * only pending until an operator confirms it; under off nothing is learned. In every mode a spoofer elsewhere gains
 * nothing while the bound port is up, and a real move needs the old port down.
 */
class WorkloadBindingTest {
    private static final DatapathId S1 = DatapathId.of(1);
    private static final MacAddress MAC = MacAddress.parse("00:00:00:00:00:0a");
    private static final Ipv4Address IP = Ipv4Address.parse("10.0.0.10");
    private static final ConnectPoint P1 = ConnectPoint.of(S1, PortNumber.of(1));
    private static final ConnectPoint P2 = ConnectPoint.of(S1, PortNumber.of(2));

    private static final Workload WEB = Workload.of("default", "web", Labels.parse("app=web"), "10.0.0.10").withMac(MAC);
    /** Today's behaviour, kept as a setting. */
    private static final PolicyModel MODEL = PolicyModel.builder().workload(WEB).learning(Learning.FIRST_SEEN).build();
    private static final PolicyModel CONFIRM = PolicyModel.builder().workload(WEB).build();
    private static final PolicyModel OFF = PolicyModel.builder().workload(WEB).learning(Learning.OFF).build();

    private static TopologySnapshot network(boolean port1Up) {
        return TopologySnapshot.empty().apply(new TopologyEvent.SwitchUp(SwitchInfo.of(S1,
                port1Up ? PortInfo.up(1, "p1") : PortInfo.down(PortNumber.of(1), "p1"), PortInfo.up(2, "p2"))));
    }

    private static TopologySnapshot seen(TopologySnapshot snapshot, ConnectPoint at, Ipv4Address ip) {
        return snapshot.apply(new TopologyEvent.HostSeen(MAC, Set.of(ip), at, Instant.parse("2026-11-28T00:00:00Z")));
    }

    @Test
    void firstSightingWithTheWorkloadsMacAndAddressBindsIt() {
        WorkloadBinding binding = WorkloadBinding.NONE.update(MODEL, seen(network(true), P1, IP));
        assertThat(binding.bound()).containsEntry(WEB.id(), P1);
    }

    @Test
    void theMacWithAnotherAddressBindsNothing() {
        assertThat(WorkloadBinding.NONE.update(MODEL, seen(network(true), P1, Ipv4Address.parse("10.0.0.99"))).bound())
                .isEmpty();
    }

    @Test
    void aSpooferOnAnotherPortCannotTakeTheBindingWhileTheOldPortIsUp() {
        WorkloadBinding bound = WorkloadBinding.NONE.update(MODEL, seen(network(true), P1, IP));
        WorkloadBinding after = bound.update(MODEL, seen(network(true), P2, IP));
        assertThat(after.bound()).containsEntry(WEB.id(), P1);
    }

    @Test
    void aMoveIsAcceptedOnceTheOldPortIsDown() {
        WorkloadBinding bound = WorkloadBinding.NONE.update(MODEL, seen(network(true), P1, IP));
        WorkloadBinding after = bound.update(MODEL, seen(network(false), P2, IP));
        assertThat(after.bound()).containsEntry(WEB.id(), P2);
    }

    @Test
    void aRegisteredLocationIsNeverLearnedOver() {
        Workload registered = new Workload(WEB.name(), WEB.namespace(), WEB.labels(), WEB.addresses(), WEB.mac(),
                WEB.namedPorts(), Optional.of(new WorkloadLocation(S1, PortNumber.of(1))));
        PolicyModel model = PolicyModel.builder().workload(registered).build();
        assertThat(WorkloadBinding.NONE.update(model, seen(network(true), P2, IP)).bound()).isEmpty();
    }

    @Test
    void confirmIsTheDefault() {
        assertThat(CONFIRM.settings().learning()).isEqualTo(Learning.CONFIRM);
    }

    @Test
    void underConfirmAFirstSightingIsOnlyPending() {
        WorkloadBinding binding = WorkloadBinding.NONE.update(CONFIRM, seen(network(true), P2, IP));
        assertThat(binding.bound()).isEmpty();
        assertThat(binding.pending().get(WEB.id())).singleElement().satisfies(s -> {
            assertThat(s.point()).isEqualTo(P2);
            assertThat(s.mac()).isEqualTo(MAC);
            assertThat(s.ips()).containsExactly(IP);
        });
    }

    @Test
    void underConfirmEverySightedPortIsListedOnceAndTheFirstKeepsItsTime() {
        WorkloadBinding first = WorkloadBinding.NONE.update(CONFIRM, seen(network(true), P2, IP));
        WorkloadBinding second = first.update(CONFIRM, seen(network(true), P1, IP));
        WorkloadBinding again = second.update(CONFIRM, seen(network(true), P2, IP));
        assertThat(again.bound()).isEmpty();
        assertThat(again.pending().get(WEB.id())).extracting(WorkloadBinding.Sighting::point).containsExactly(P2, P1);
        assertThat(again.pending().get(WEB.id()).get(0)).isEqualTo(first.pending().get(WEB.id()).get(0));
    }

    @Test
    void underConfirmTheMacWithAnotherAddressIsNoSighting() {
        WorkloadBinding binding = WorkloadBinding.NONE.update(CONFIRM, seen(network(true), P1, Ipv4Address.parse("10.0.0.99")));
        assertThat(binding.pending()).isEmpty();
    }

    @Test
    void theOperatorConfirmsTheRealPortAndTheStrangerGainsNothing() {
        WorkloadBinding pending = WorkloadBinding.NONE.update(CONFIRM, seen(network(true), P2, IP))
                .update(CONFIRM, seen(network(true), P1, IP));
        WorkloadBinding confirmed = pending.confirm(WEB.id(), P1).orElseThrow();
        assertThat(confirmed.bound()).containsEntry(WEB.id(), P1);
        assertThat(confirmed.pending()).isEmpty();
        WorkloadBinding strangerAgain = confirmed.update(CONFIRM, seen(network(true), P2, IP));
        assertThat(strangerAgain.bound()).containsEntry(WEB.id(), P1);
        assertThat(strangerAgain.pending()).isEmpty();
    }

    @Test
    void onlyAPendingSightingCanBeConfirmed() {
        WorkloadBinding pending = WorkloadBinding.NONE.update(CONFIRM, seen(network(true), P2, IP));
        assertThat(pending.confirm(WEB.id(), P1)).isEmpty();
        assertThat(pending.confirm(WorkloadId.of("default", "other"), P2)).isEmpty();
        assertThat(WorkloadBinding.NONE.confirm(WEB.id(), P2)).isEmpty();
    }

    @Test
    void underConfirmAMoveOffADownPortIsPendingAgainNotBound() {
        WorkloadBinding bound = WorkloadBinding.NONE.update(CONFIRM, seen(network(true), P1, IP)).confirm(WEB.id(), P1)
                .orElseThrow();
        assertThat(bound.update(CONFIRM, seen(network(true), P2, IP)).bound()).containsEntry(WEB.id(), P1);
        WorkloadBinding moved = bound.update(CONFIRM, seen(network(false), P2, IP));
        assertThat(moved.bound()).isEmpty();
        assertThat(moved.pending().get(WEB.id())).extracting(WorkloadBinding.Sighting::point).containsExactly(P2);
    }

    @Test
    void aBindingStaysWhenTheWorkloadIsNotSeenAtAll() {
        WorkloadBinding restored = WorkloadBinding.restored(Map.of(WEB.id(), P1));
        assertThat(restored.update(CONFIRM, TopologySnapshot.empty()).bound()).containsEntry(WEB.id(), P1);
        assertThat(restored.update(MODEL, TopologySnapshot.empty()).bound()).containsEntry(WEB.id(), P1);
    }

    @Test
    void offLearnsNothingAndDropsLearnedBindings() {
        assertThat(WorkloadBinding.NONE.update(OFF, seen(network(true), P1, IP))).isEqualTo(WorkloadBinding.NONE);
        WorkloadBinding bound = WorkloadBinding.NONE.update(MODEL, seen(network(true), P1, IP));
        assertThat(bound.update(OFF, seen(network(true), P1, IP)).bound()).isEmpty();
    }

    @Test
    void switchingFromConfirmToFirstSeenBindsTheLatestSighting() {
        WorkloadBinding pending = WorkloadBinding.NONE.update(CONFIRM, seen(network(true), P2, IP));
        WorkloadBinding bound = pending.update(MODEL, seen(network(true), P2, IP));
        assertThat(bound.bound()).containsEntry(WEB.id(), P2);
        assertThat(bound.pending()).isEmpty();
    }

    @Test
    void aRemovedWorkloadLosesItsBindingAndItsSightings() {
        WorkloadBinding bound = WorkloadBinding.NONE.update(MODEL, seen(network(true), P1, IP));
        assertThat(bound.update(PolicyModel.builder().build(), seen(network(true), P1, IP))).isEqualTo(WorkloadBinding.NONE);
        WorkloadBinding pending = WorkloadBinding.NONE.update(CONFIRM, seen(network(true), P1, IP));
        assertThat(pending.update(PolicyModel.builder().build(), seen(network(true), P1, IP))).isEqualTo(WorkloadBinding.NONE);
    }
}
