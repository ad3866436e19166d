package dev.swarmgate.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrTest {

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    @ParameterizedTest
    @CsvSource({
            "10.0.0.0/8, 10.255.1.2, true",
            "10.0.0.0/8, 11.0.0.1, false",
            "192.168.1.0/24, 192.168.1.77, true",
            "192.168.1.0/24, 192.168.2.1, false",
            "192.168.1.128/25, 192.168.1.127, false",
            "192.168.1.128/25, 192.168.1.200, true",
            "127.0.0.1, 127.0.0.1, true",
            "127.0.0.1, 127.0.0.2, false",
            "0.0.0.0/0, 203.0.113.9, true",
            "10.0.0.0/8, ::ffff:10.1.2.3, true",
            "10.0.0.0/8, ::1, false",
            "fd00::/8, fd12:3456::1, true",
            "fd00::/8, fe80::1, false",
            "::1/128, ::1, true",
            "::1, 127.0.0.1, false",
            "2001:db8::/33, 2001:db8:7fff::1, true",
            "2001:db8::/33, 2001:db8:8000::1, false",
    })
    void matchesAddressesInsideTheNetworkOnly(String cidr, String address, boolean inside) throws Exception {
        assertThat(Cidr.parse(cidr).contains(ip(address))).isEqualTo(inside);
    }

    @Test
    void hostBitsAreClearedSoEqualNetworksAreEqual() {
        assertThat(Cidr.parse("10.1.2.3/8")).isEqualTo(Cidr.parse("10.0.0.0/8"));
        assertThat(Cidr.parse("10.1.2.3/8")).hasToString("10.0.0.0/8");
        assertThat(Cidr.parse("fd00::1/8")).hasToString("fd00:0:0:0:0:0:0:0/8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "::/129", "10.0.0/8", "256.0.0.1", "example.com", "10.0.0.0/x", "", "1::2::3"})
    void malformedNetworksAreRefusedWithTheReason(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(text.strip());
    }

    @Test
    void noTrustedNetworksMeansEveryone() throws Exception {
        assertThat(TrustedNetworks.parse(" ").everyone()).isTrue();
        assertThat(TrustedNetworks.EVERYONE.contains(ip("203.0.113.9"))).isTrue();
    }

    @Test
    void trustedNetworksMatchAnyListedNetwork() throws Exception {
        TrustedNetworks trusted = TrustedNetworks.parse("10.0.0.0/8, 172.16.0.0/12 fd00::/8");
        assertThat(trusted.networks()).hasSize(3);
        assertThat(trusted.contains(ip("172.20.0.5"))).isTrue();
        assertThat(trusted.contains(ip("fdaa::5"))).isTrue();
        assertThat(trusted.contains(ip("127.0.0.1"))).isFalse();
    }

    @Test
    void everyMalformedTrustedNetworkIsNamed() {
        assertThatThrownBy(() -> TrustedNetworks.parse("10.0.0.0/8,bad,10.0.0.0/40"))
                .hasMessageContaining("bad").hasMessageContaining("10.0.0.0/40: prefix must be 0 to 32");
    }
}
