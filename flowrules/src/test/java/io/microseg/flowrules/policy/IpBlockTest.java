package io.microseg.flowrules.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.topology.Ipv4Address;
import org.junit.jupiter.api.Test;

class IpBlockTest {

    @Test
    void containsAddressesInTheCidrOutsideTheExceptions() {
        IpBlock block = IpBlock.parse("10.0.0.0/8", "10.1.0.0/16", "10.2.3.4/32");

        assertThat(block.contains(Ipv4Address.parse("10.9.9.9"))).isTrue();
        assertThat(block.contains(Ipv4Address.parse("10.1.2.3"))).isFalse();
        assertThat(block.contains(Ipv4Address.parse("10.2.3.4"))).isFalse();
        assertThat(block.contains(Ipv4Address.parse("10.2.3.5"))).isTrue();
        assertThat(block.contains(Ipv4Address.parse("11.0.0.1"))).isFalse();
        assertThat(block.problems("b")).isEmpty();
    }

    @Test
    void exceptionsMustBeStrictSubsets() {
        IpBlock block = IpBlock.parse("10.0.0.0/16", "10.0.0.0/16", "192.168.0.0/24", "10.0.0.0/8");

        assertThat(block.problems("b")).extracting(Problem::path)
                .containsExactly("b.except[0]", "b.except[1]", "b.except[2]");
    }
}
