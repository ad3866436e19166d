package dev.swarmgate.upstream;

import dev.swarmgate.config.BackendTarget;
import dev.swarmgate.config.BalanceAlgorithm;
import dev.swarmgate.config.EndpointDiscovery;
import dev.swarmgate.config.HealthCheck;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A serviceGroup pool's endpoints: each member resolved by its own discovery, on its own port, together. */
class PoolAddressesTest {

    private static final Map<String, List<String>> DNS = Map.of(
            "tasks.redis-a", List.of("10.0.0.1", "10.0.0.2"),
            "redis-b", List.of("10.0.1.1"),
            "tasks.redis-c", List.of("10.0.0.2"));

    private final AddressResolver resolver = host -> {
        List<String> addresses = DNS.get(host);
        if (addresses == null) {
            return CompletableFuture.failedFuture(new UnresolvableHostException(host, new UnknownHostException(host)));
        }
        return CompletableFuture.completedFuture(addresses.stream().map(PoolAddressesTest::ip).toList());
    };

    private static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static BackendTarget pool(BackendTarget... members) {
        return BackendTarget.pool("cache@6379", List.of(members), BalanceAlgorithm.ROUND_ROBIN,
                HealthCheck.defaults());
    }

    @Test
    void unionOfTheMembersEndpointsInMemberOrderEachOnItsPort() throws Exception {
        List<InetSocketAddress> addresses = PoolAddresses.resolve(pool(
                new BackendTarget("redis-a", 6379),
                new BackendTarget("redis-b", 7000, EndpointDiscovery.NAME, BalanceAlgorithm.P2C,
                        HealthCheck.defaults()),
                new BackendTarget("redis-c", 6379)), resolver).get(5, TimeUnit.SECONDS);

        assertThat(addresses).containsExactly(new InetSocketAddress("10.0.0.1", 6379),
                new InetSocketAddress("10.0.0.2", 6379), new InetSocketAddress("10.0.1.1", 7000));
    }

    @Test
    void aMemberThatDoesNotResolveIsLeftOut() throws Exception {
        assertThat(PoolAddresses.resolve(pool(new BackendTarget("gone", 1), new BackendTarget("redis-a", 6379)),
                resolver).get(5, TimeUnit.SECONDS)).hasSize(2);
    }

    @Test
    void aPoolWhereNoMemberResolvesFailsNamingThePool() {
        assertThatThrownBy(() -> PoolAddresses.resolve(pool(new BackendTarget("gone", 1)), resolver)
                .get(5, TimeUnit.SECONDS)).hasMessageContaining("serviceGroup cache@6379");
    }
}
