package io.microseg.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LinkTest {

    @Test
    void reverseSwapsEnds() {
        Link link = Link.of(1, 2, 3, 4);
        assertThat(link.reverse()).isEqualTo(Link.of(3, 4, 1, 2));
        assertThat(link.reverse().reverse()).isEqualTo(link);
    }

    @Test
    void printsAndParses() {
        Link link = Link.of(1, 2, 3, 4);
        assertThat(link).hasToString("00:00:00:00:00:00:00:01/2 -> 00:00:00:00:00:00:00:03/4");
        assertThat(Link.parse(link.toString())).isEqualTo(link);
        assertThatThrownBy(() -> Link.parse("1/2 3/4")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPortCannotLinkToItself() {
        assertThatThrownBy(() -> Link.of(1, 2, 1, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void knowsSelfLoopsAndEndpoints() {
        assertThat(Link.of(1, 1, 1, 2).isSelfLoop()).isTrue();
        assertThat(Link.of(1, 1, 2, 1).isSelfLoop()).isFalse();
        assertThat(Link.of(1, 1, 2, 1).touches(ConnectPoint.of(2, 1))).isTrue();
        assertThat(Link.of(1, 1, 2, 1).touches(ConnectPoint.of(2, 2))).isFalse();
    }
}
