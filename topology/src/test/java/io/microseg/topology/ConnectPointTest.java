package io.microseg.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConnectPointTest {

    @Test
    void printsDpidSlashPortAndParsesItBack() {
        ConnectPoint point = ConnectPoint.of(1, 3);
        assertThat(point).hasToString("00:00:00:00:00:00:00:01/3");
        assertThat(ConnectPoint.parse(point.toString())).isEqualTo(point);
        assertThat(ConnectPoint.parse("0x2/LOCAL")).isEqualTo(ConnectPoint.of(DatapathId.of(2), PortNumber.LOCAL));
    }

    @Test
    void rejectsTextWithoutPort() {
        assertThatThrownBy(() -> ConnectPoint.parse("00:00:00:00:00:00:00:01")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectPoint.parse("1/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectPoint.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ordersByDpidThenPort() {
        assertThat(ConnectPoint.of(1, 9)).isLessThan(ConnectPoint.of(2, 1));
        assertThat(ConnectPoint.of(2, 1)).isLessThan(ConnectPoint.of(2, 2));
        assertThat(ConnectPoint.of(-1L, 1)).isGreaterThan(ConnectPoint.of(2, 1));
    }
}
