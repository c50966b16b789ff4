package io.microseg.topology.path;

import static io.microseg.topology.Topologies.dpid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microseg.topology.Link;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathTest {

    @Test
    void aPathIsContiguousFromSrcToDst() {
        Path path = Path.of(List.of(Link.of(1, 2, 2, 1), Link.of(2, 2, 3, 1)));
        assertThat(path.src()).isEqualTo(dpid(1));
        assertThat(path.dst()).isEqualTo(dpid(3));
        assertThat(path.switches()).containsExactly(dpid(1), dpid(2), dpid(3));
        assertThatThrownBy(() -> Path.of(List.of(Link.of(1, 2, 2, 1), Link.of(3, 2, 4, 1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Path.of(dpid(1), dpid(4), List.of(Link.of(1, 2, 2, 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPathDoesNotLoop() {
        assertThatThrownBy(() -> Path.of(List.of(Link.of(1, 2, 2, 1), Link.of(2, 1, 1, 2))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyPathStaysOnOneSwitch() {
        assertThat(Path.of(dpid(1), dpid(1), List.of()).hops()).isZero();
        assertThatThrownBy(() -> Path.of(dpid(1), dpid(2), List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Path.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
