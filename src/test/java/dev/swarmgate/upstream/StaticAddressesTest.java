package dev.swarmgate.upstream;

import dev.swarmgate.config.BackendTarget;
import dev.swarmgate.config.BalanceAlgorithm;
import dev.swarmgate.config.EndpointDiscovery;
import dev.swarmgate.config.HealthCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StaticAddressesTest {

    private final SystemDnsResolver resolver = new SystemDnsResolver();
    private final EndpointGroups groups = new EndpointGroups(resolver, Duration.ofSeconds(5));

    @AfterEach
    void close() {
        groups.close();
        resolver.close();
    }

    private static BackendTarget fixed(String list) {
        return new BackendTarget(list, 0, EndpointDiscovery.STATIC, BalanceAlgorithm.RANDOM,
                HealthCheck.defaults());
    }

    @Test
    void everyEntryBecomesAnEndpointOnItsOwnPortInListOrder() throws Exception {
        List<InetSocketAddress> addresses = StaticAddresses.resolve("127.0.0.1:8001, [::1]:8002,127.0.0.1:8001",
                resolver).get(5, TimeUnit.SECONDS);
        assertThat(addresses).containsExactly(new InetSocketAddress("127.0.0.1", 8001),
                new InetSocketAddress("::1", 8002));
    }

    @Test
    void aStaticTargetsGroupHoldsEveryBackendOfTheList() throws Exception {
        EndpointGroup group = groups.get(fixed("127.0.0.1:7001,127.0.0.2:7002"));
        assertThat(group.whenResolved().get(5, TimeUnit.SECONDS)).containsExactly(
                new InetSocketAddress("127.0.0.1", 7001), new InetSocketAddress("127.0.0.2", 7002));
        assertThat(group.target()).hasToString("127.0.0.1:7001,127.0.0.2:7002");
    }

    @Test
    void anUnresolvableEntryIsLeftOutWhileAnotherResolves() throws Exception {
        List<InetSocketAddress> addresses = StaticAddresses.resolve("no-such-backend.invalid:80,127.0.0.1:81",
                resolver).get(10, TimeUnit.SECONDS);
        assertThat(addresses).containsExactly(new InetSocketAddress("127.0.0.1", 81));
    }

    @Test
    void aListWhereNothingResolvesFailsNamingTheList() {
        assertThatThrownBy(() -> StaticAddresses.resolve("no-such-backend.invalid:80", resolver)
                .get(10, TimeUnit.SECONDS)).hasMessageContaining("no-such-backend.invalid:80");
    }
}
