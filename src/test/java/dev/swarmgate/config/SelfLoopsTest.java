package dev.swarmgate.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SelfLoopsTest {

    private static final Settings SETTINGS = new Settings(0, "0.0.0.0", "10.0.0.5", 8080,
            List.of(new ListenerSpec(80, false, false)), List.of(new ListenerSpec(8443, false, false)),
            Timeouts.dfpDefaults(), ",", DomainMatch.PREFIX, false, Optional.empty(), Optional.empty(), List.of());

    private static ServiceSpec tcp(String name, int srcPort, String host, int port) {
        return service(name, ReqMode.TCP, srcPort, host, port);
    }

    private static ServiceSpec service(String name, ReqMode mode, int srcPort, String host, int port) {
        Destination destination = new Destination(0, mode, mode == ReqMode.HTTP ? List.of("/") : List.of(),
                PathType.PREFIX, List.of(), List.of(), DomainMatch.PREFIX, srcPort, port, Optional.ofNullable(host),
                Optional.empty(), Optional.empty(), Optional.empty(), BalanceAlgorithm.P2C, EndpointDiscovery.TASKS,
                HealthCheck.defaults(), ProxyProtocol.NONE);
        return new ServiceSpec(name, name, List.of(destination), false, false);
    }

    private static GatewayConfig with(ServiceSpec... services) {
        Map<String, ServiceSpec> byName = new java.util.TreeMap<>();
        for (ServiceSpec service : services) {
            byName.put(service.name(), service);
        }
        return GatewayConfig.of(SETTINGS, byName);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST.", "db.localhost", "::1", "[::1]",
            "0.0.0.0", "10.0.0.5"})
    void aTcpServiceWhoseBackendIsItsOwnSrcPortOnThisMachineIsRefused(String host) {
        Optional<String> refusal = SelfLoops.check(with(), tcp("loop", 6379, host, 6379));

        assertThat(refusal).hasValueSatisfying(message -> assertThat(message)
                .startsWith("serviceName loop: the backend " + host + ":6379 is this proxy's own listener on port 6379")
                .contains("loop back into the proxy"));
    }

    @Test
    void aBackendOnAnyOfTheProxysListenersIsRefusedHttpToo() {
        assertThat(SelfLoops.check(with(), tcp("a", 6379, "127.0.0.1", 80))).isPresent();
        assertThat(SelfLoops.check(with(), tcp("b", 6379, "127.0.0.1", 8443))).isPresent();
        assertThat(SelfLoops.check(with(tcp("redis", 6380, "redis", 6379)), tcp("c", 6379, "127.0.0.1", 6380)))
                .isPresent();
        assertThat(SelfLoops.check(with(), service("web", ReqMode.HTTP, 0, "localhost", 80))).isPresent();
    }

    @Test
    void aNewSrcPortThatAnotherServiceUsesAsItsLoopbackBackendIsRefused() {
        GatewayConfig current = with(tcp("a", 7000, "127.0.0.1", 7001));

        assertThat(SelfLoops.check(current, tcp("b", 7001, "db", 5432)))
                .hasValueSatisfying(message -> assertThat(message)
                        .startsWith("serviceName b: srcPort 7001 is the backend of service a (127.0.0.1:7001)"));
    }

    @Test
    void backendsElsewhereOrOnOtherPortsAreFine() {
        assertThat(SelfLoops.check(with(), tcp("redis", 6379, "redis", 6379))).isEmpty();
        assertThat(SelfLoops.check(with(), tcp("local", 6379, "127.0.0.1", 6380))).isEmpty();
        assertThat(SelfLoops.check(with(), tcp("remote", 6379, "10.0.0.6", 6379))).isEmpty();
        assertThat(SelfLoops.check(with(), tcp("admin", 6379, "127.0.0.1", 8080)))
                .as("the admin API is not a proxy listener: no loop").isEmpty();
        assertThat(SelfLoops.check(with(tcp("self", 6379, "127.0.0.1", 6380)), tcp("self", 6380, "x", 1)))
                .as("a service's own earlier version is replaced, not a competitor").isEmpty();
    }
}
