package io.microseg.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExistingValuesTest {

    @Test
    void datapathIdPrintsAndParses() {
        DatapathId id = DatapathId.of(0x0102030405060708L);
        assertThat(id).hasToString("01:02:03:04:05:06:07:08");
        assertThat(DatapathId.parse(id.toString())).isEqualTo(id);
        assertThat(DatapathId.parse("0x1")).isEqualTo(DatapathId.of(1));
        assertThat(DatapathId.of(-1)).isGreaterThan(DatapathId.of(1));
    }

    @Test
    void portNumberParsesWhatItPrints() {
        for (PortNumber port : new PortNumber[] {PortNumber.of(0), PortNumber.of(7), PortNumber.MAX, PortNumber.LOCAL,
                PortNumber.CONTROLLER, PortNumber.ANY}) {
            assertThat(PortNumber.parse(port.toString())).isEqualTo(port);
        }
        assertThat(PortNumber.parse("local")).isEqualTo(PortNumber.LOCAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "-1", "4294967296", "99999999999", "1.5", "x"})
    void portNumberRejects(String text) {
        assertThatThrownBy(() -> PortNumber.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void macAddressOrdersAndRoundTrips() {
        MacAddress mac = MacAddress.parse("02:00:00:00:00:0a");
        assertThat(MacAddress.fromBytes(mac.toBytes(), 0)).isEqualTo(mac);
        assertThat(mac).isLessThan(MacAddress.BROADCAST);
        assertThat(mac.isMulticast()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0", "10.0.0.256", "01.0.0.1", "a.b.c.d"})
    void ipv4Rejects(String text) {
        assertThat(Ipv4Address.isValid(text)).isFalse();
    }

    @Test
    void ipv4PrefixContains() {
        Ipv4Prefix prefix = Ipv4Prefix.parse("10.0.0.0/24");
        assertThat(prefix.contains(Ipv4Address.parse("10.0.0.9"))).isTrue();
        assertThat(prefix.contains(Ipv4Address.parse("10.0.1.9"))).isFalse();
        assertThatThrownBy(() -> Ipv4Prefix.parse("10.0.0.1/24")).isInstanceOf(IllegalArgumentException.class);
    }
}
