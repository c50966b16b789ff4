package io.microseg.topology;

import static io.microseg.topology.Topologies.T0;
import static io.microseg.topology.Topologies.cable;
import static io.microseg.topology.Topologies.cp;
import static io.microseg.topology.Topologies.dpid;
import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.topology.TopologyEvent.LinkDown;
import io.microseg.topology.TopologyEvent.LinkUp;
import io.microseg.topology.TopologyEvent.PortDown;
import io.microseg.topology.TopologyEvent.PortUp;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkEventsTest {

    @Test
    void linksAreOnlyBetweenKnownUpPorts() {
        TopologySnapshot net = Topologies.switches(2, 2);
        assertThat(net.apply(new LinkUp(Link.of(1, 1, 3, 1), T0)).links()).isEmpty();
        assertThat(net.apply(new LinkUp(Link.of(1, 9, 2, 1), T0)).links()).isEmpty();
        TopologySnapshot down = net.apply(new PortDown(cp(2, 1)));
        assertThat(down.apply(new LinkUp(Link.of(1, 1, 2, 1), T0)).links()).isEmpty();
        assertThat(net.apply(new LinkUp(Link.of(1, 1, 2, 1), T0)).links()).containsExactly(Link.of(1, 1, 2, 1));
    }

    @Test
    void portDownRemovesLinksTouchingItAndMarksItDown() {
        TopologySnapshot net = Topologies.chain(3);
        TopologySnapshot after = net.apply(new PortDown(cp(2, 2)));
        assertThat(after.links()).containsExactlyInAnyOrder(Link.of(1, 2, 2, 1), Link.of(2, 1, 1, 2));
        assertThat(after.port(cp(2, 2)).orElseThrow().up()).isFalse();
        TopologySnapshot back = after.apply(PortUp.of(cp(2, 2), "p2"));
        assertThat(back.links()).hasSize(2);
        assertThat(back.applyAll(cable(2, 2, 3, 1)).links()).hasSize(4);
    }

    @Test
    void linkDownRemovesOneDirection() {
        TopologySnapshot after = Topologies.chain(2).apply(new LinkDown(Link.of(1, 2, 2, 1)));
        assertThat(after.links()).containsExactly(Link.of(2, 1, 1, 2));
    }

    @Test
    void edgePortsAreKnownPortsWithoutLinks() {
        TopologySnapshot net = Topologies.chain(2);
        assertThat(net.isEdgePort(cp(1, 1))).isTrue();
        assertThat(net.isEdgePort(cp(1, 2))).isFalse();
        assertThat(net.isEdgePort(cp(2, 1))).isFalse();
        assertThat(net.isEdgePort(cp(1, 9))).isFalse();
        assertThat(net.edgePorts(dpid(1))).containsExactly(cp(1, 1), cp(1, 3), cp(1, 4));
    }

    @Test
    void linksFromASwitchInPortOrder() {
        TopologySnapshot net = Topologies.ring(3);
        assertThat(net.linksFrom(dpid(1))).containsExactly(Link.of(1, 1, 3, 2), Link.of(1, 2, 2, 1));
        assertThat(net.linksFrom(dpid(9))).isEmpty();
    }

    @Test
    void expiryDropsLinksLastSeenBeforeTheCutoff() {
        TopologySnapshot net = Topologies.switches(3, 2)
                .applyAll(cable(1, 1, 2, 1, T0))
                .applyAll(cable(2, 2, 3, 1, T0.plusSeconds(10)));
        Duration timeout = Duration.ofSeconds(30);
        assertThat(net.expireLinks(T0.plusSeconds(30), timeout)).isSameAs(net);
        TopologySnapshot after = net.expireLinks(T0.plusSeconds(31), timeout);
        assertThat(after.links()).containsExactlyInAnyOrder(Link.of(2, 2, 3, 1), Link.of(3, 1, 2, 2));
        assertThat(net.links()).hasSize(4);
        assertThat(net.expireLinks(T0.plusSeconds(41), timeout).links()).isEmpty();
    }

    @Test
    void seeingALinkAgainRefreshesItButNeverBackwards() {
        Link link = Link.of(1, 1, 2, 1);
        TopologySnapshot net = Topologies.switches(2, 1).apply(new LinkUp(link, T0));
        assertThat(net.apply(new LinkUp(link, T0.plusSeconds(5))).lastSeen(link)).contains(T0.plusSeconds(5));
        assertThat(net.applyAll(List.of(new LinkUp(link, T0.plusSeconds(5)), new LinkUp(link, T0))).lastSeen(link))
                .contains(T0.plusSeconds(5));
    }
}
