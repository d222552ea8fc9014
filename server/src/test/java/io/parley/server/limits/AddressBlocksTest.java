package io.parley.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressBlocksTest {

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void defaultExemptionsCoverLoopbackOnly() throws Exception {
        AddressBlocks blocks = AddressBlocks.parse("127.0.0.0/8,::1/128");
        assertThat(blocks.contains(ip("127.0.0.1"))).isTrue();
        assertThat(blocks.contains(ip("127.200.3.4"))).isTrue();
        assertThat(blocks.contains(ip("::1"))).isTrue();
        assertThat(blocks.contains(ip("128.0.0.1"))).isFalse();
        assertThat(blocks.contains(ip("::2"))).isFalse();
        assertThat(blocks.contains(ip("10.0.0.1"))).isFalse();
    }

    @Test
    void oddPrefixLengths() throws Exception {
        AddressBlocks blocks = AddressBlocks.parse("192.168.4.0/22, 2001:db8::/33");
        assertThat(blocks.contains(ip("192.168.7.255"))).isTrue();
        assertThat(blocks.contains(ip("192.168.8.0"))).isFalse();
        assertThat(blocks.contains(ip("2001:db8:7fff::1"))).isTrue();
        assertThat(blocks.contains(ip("2001:db8:8000::1"))).isFalse();
    }

    @Test
    void noneIsEmpty() throws Exception {
        assertThat(AddressBlocks.parse("none").contains(ip("127.0.0.1"))).isFalse();
    }

    @Test
    void badEntriesAreNamed() {
        assertThatThrownBy(() -> AddressBlocks.parse("127.0.0.0/8,example.com"))
                .hasMessageContaining("'example.com'");
        assertThatThrownBy(() -> AddressBlocks.parse("10.0.0.0/33")).hasMessageContaining("'10.0.0.0/33'");
    }
}
