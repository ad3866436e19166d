package dev.swarmgate.sync;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LocalSubnetsTest {

    @Test
    void addressesAreOnTheSameNetworkByPrefix() throws Exception {
        LocalSubnets.Subnet local = new LocalSubnets.Subnet(InetAddress.getByName("10.0.1.7"), 24);

        assertThat(local.contains(InetAddress.getByName("10.0.1.200"))).isTrue();
        assertThat(local.contains(InetAddress.getByName("10.0.2.1"))).isFalse();
        assertThat(local.contains(InetAddress.getByName("::1"))).isFalse();
    }

    @Test
    void anAddressIsLocalWhenAnyInterfaceNetworkHoldsIt() throws Exception {
        LocalSubnets subnets = new LocalSubnets(List.of(
                new LocalSubnets.Subnet(InetAddress.getByName("10.0.1.7"), 24),
                new LocalSubnets.Subnet(InetAddress.getByName("10.0.9.3"), 24)));

        assertThat(subnets.contains(InetAddress.getByName("10.0.9.250"))).isTrue();
        assertThat(subnets.contains(InetAddress.getByName("10.0.5.1"))).isFalse();
    }

    @Test
    void loopbackIsOnThisHostsNetworksAndAPublicAddressIsNot() throws Exception {
        LocalSubnets here = LocalSubnets.ofThisHost();

        assertThat(here.contains(InetAddress.getByName("127.0.0.2"))).isTrue();
        assertThat(here.contains(InetAddress.getByName("203.0.113.77"))).isFalse();
    }
}
