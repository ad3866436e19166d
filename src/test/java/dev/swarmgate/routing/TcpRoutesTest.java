package dev.swarmgate.routing;

import dev.swarmgate.config.BackendTarget;
import dev.swarmgate.config.BalanceAlgorithm;
import dev.swarmgate.config.EndpointDiscovery;
import dev.swarmgate.config.HealthCheck;
import dev.swarmgate.config.ReqMode;
import dev.swarmgate.config.TcpOptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.swarmgate.routing.Specs.compile;
import static dev.swarmgate.routing.Specs.dest;
import static dev.swarmgate.routing.Specs.service;
import static org.assertj.core.api.Assertions.assertThat;

/** serviceGroup pools and clitcpka on the compiled tcp routes. */
class TcpRoutesTest {

    private static Specs.Dest tcp(int srcPort, int port, String group) {
        return dest().reqMode(ReqMode.TCP).srcPort(srcPort).port(port)
                .tcp(new TcpOptions(false, Optional.ofNullable(group)));
    }

    @Test
    void servicesOfOneGroupOnOneSrcPortBecomeOnePoolOfTheirTargets() {
        Snapshot snapshot = compile(
                service("redis-b", tcp(6379, 7002, "cache").balance(BalanceAlgorithm.ROUND_ROBIN)),
                service("redis-a", tcp(6379, 7001, "cache").balance(BalanceAlgorithm.ROUND_ROBIN)));

        TcpRoute route = snapshot.tcpRoute(6379);
        assertThat(route.serviceName()).as("the first in rule order carries the route").isEqualTo("redis-a");
        assertThat(route.groupMembers()).containsExactly("redis-a", "redis-b");
        BackendTarget pool = route.target();
        assertThat(pool.discovery()).isEqualTo(EndpointDiscovery.GROUP);
        assertThat(pool.balance()).isEqualTo(BalanceAlgorithm.ROUND_ROBIN);
        assertThat(pool.members()).containsExactly(
                new BackendTarget("redis-a", 7001, EndpointDiscovery.TASKS, BalanceAlgorithm.ROUND_ROBIN,
                        HealthCheck.defaults()),
                new BackendTarget("redis-b", 7002, EndpointDiscovery.TASKS, BalanceAlgorithm.ROUND_ROBIN,
                        HealthCheck.defaults()));
        assertThat(snapshot.targets()).contains(pool);
        assertThat(snapshot.listeners()).filteredOn(l -> l.port() == 6379).hasSize(1);
    }

    @Test
    void theFirstMembersAlgorithmBalancesThePool() {
        Snapshot snapshot = compile(
                service("a", tcp(6379, 1, "cache").balance(BalanceAlgorithm.LEAST_CONNECTIONS)),
                service("b", tcp(6379, 2, "cache").balance(BalanceAlgorithm.ROUND_ROBIN)));

        assertThat(snapshot.tcpRoute(6379).target().balance()).isEqualTo(BalanceAlgorithm.LEAST_CONNECTIONS);
        assertThat(snapshot.tcpRoute(6379).target().members()).extracting(BackendTarget::balance)
                .containsOnly(BalanceAlgorithm.LEAST_CONNECTIONS);
    }

    @Test
    void aGroupOfOneIsAPlainTarget() {
        Snapshot snapshot = compile(service("redis", tcp(6379, 6379, "cache")));

        assertThat(snapshot.tcpRoute(6379).target()).isEqualTo(new BackendTarget("redis", 6379));
        assertThat(snapshot.tcpRoute(6379).groupMembers()).isEmpty();
    }

    @Test
    void anotherGroupOrAnUngroupedServiceOnTheSamePortIsSkipped() {
        Snapshot snapshot = compile(
                service("a", tcp(6379, 1, "cache")),
                service("b", tcp(6379, 2, "queue")),
                service("c", tcp(6379, 3, null)));

        assertThat(snapshot.tcpRoute(6379).target()).isEqualTo(new BackendTarget("a", 1));
    }

    @Test
    void removingAMemberShrinksThePool() {
        Snapshot three = compile(service("a", tcp(6379, 1, "g")), service("b", tcp(6379, 2, "g")),
                service("c", tcp(6379, 3, "g")));
        Snapshot two = compile(service("a", tcp(6379, 1, "g")), service("c", tcp(6379, 3, "g")));

        assertThat(three.tcpRoute(6379).target().members()).extracting(BackendTarget::host)
                .containsExactly("a", "b", "c");
        assertThat(two.tcpRoute(6379).target().members()).extracting(BackendTarget::host).containsExactly("a", "c");
    }

    @Test
    void clitcpkaReachesTheRoute() {
        Snapshot snapshot = compile(
                service("a", dest().reqMode(ReqMode.TCP).srcPort(7001).port(1)
                        .tcp(new TcpOptions(true, Optional.empty()))),
                service("b", dest().reqMode(ReqMode.TCP).srcPort(7002).port(1)));

        assertThat(snapshot.tcpRoute(7001).clientKeepAlive()).isTrue();
        assertThat(snapshot.tcpRoute(7002).clientKeepAlive()).isFalse();
    }

    @Test
    void poolNamesItsGroupAndMembersInLogs() {
        BackendTarget pool = BackendTarget.pool("cache@6379", List.of(new BackendTarget("a", 1),
                new BackendTarget("b", 2)), BalanceAlgorithm.P2C, HealthCheck.defaults());
        assertThat(pool).hasToString("serviceGroup cache@6379 [a:1, b:2]");
        assertThat(pool.resolves(java.util.Set.of("b"))).isTrue();
        assertThat(pool.resolves(java.util.Set.of("cache@6379"))).isFalse();
    }
}
