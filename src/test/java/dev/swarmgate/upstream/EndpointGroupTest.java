package dev.swarmgate.upstream;

import dev.swarmgate.config.BackendTarget;
import dev.swarmgate.config.BalanceAlgorithm;
import dev.swarmgate.config.EndpointDiscovery;
import dev.swarmgate.config.HealthCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointGroupTest {

    private final SystemDnsResolver resolver = new SystemDnsResolver();
    private final EndpointGroups groups = new EndpointGroups(resolver, Duration.ofSeconds(5));

    @AfterEach
    void close() {
        groups.close();
        resolver.close();
    }

    @Test
    void resolvesAHostNameToEndpointsWithTheTargetPort() throws Exception {
        EndpointGroup group = groups.get(new BackendTarget("localhost", 8080, EndpointDiscovery.NAME, BalanceAlgorithm.P2C, HealthCheck.defaults()));
        InetSocketAddress[] endpoints = group.whenResolved().get(5, TimeUnit.SECONDS);
        assertThat(endpoints).isNotEmpty().allSatisfy(endpoint -> assertThat(endpoint.getPort()).isEqualTo(8080));
        assertThat(group.pick(0).address()).isIn((Object[]) endpoints);
    }

    @Test
    void unresolvableNameFailsWithTheNameInTheMessage() {
        EndpointGroup group = groups.get(new BackendTarget("no-such-service.invalid", 80));
        assertThatThrownBy(() -> group.whenResolved().get(10, TimeUnit.SECONDS))
                .hasMessageContaining("no-such-service.invalid");
        assertThat(group.pick(0)).isNull();
    }

    @Test
    void retainOnlyForgetsTargetsNoLongerUsed() throws Exception {
        BackendTarget kept = new BackendTarget("127.0.0.1", 1);
        BackendTarget dropped = new BackendTarget("127.0.0.1", 2);
        EndpointGroup keptGroup = groups.get(kept);
        EndpointGroup droppedGroup = groups.get(dropped);
        groups.retainOnly(Set.of(kept));
        assertThat(groups.get(kept)).isSameAs(keptGroup);
        assertThat(groups.get(dropped)).isNotSameAs(droppedGroup);
    }
}
