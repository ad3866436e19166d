package dev.swarmgate.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Who owns a port: a second claimant of a tcp srcPort, or of an HTTP port for TCP, is refused with the owner named. */
class ListenerConflictsTest {

    private static final Settings SETTINGS = new Settings(0, "0.0.0.0", "0.0.0.0", 8080,
            List.of(new ListenerSpec(80, false, false), new ListenerSpec(443, true, false)),
            List.of(new ListenerSpec(8443, false, false)), Timeouts.dfpDefaults(), ",", DomainMatch.PREFIX, false,
            Optional.<Path>empty(), Optional.<Path>empty(), List.of());

    @Test
    void secondTcpServiceOnATakenPortIsRefusedNamingTheOwner() {
        GatewayConfig current = config(tcp("redis", 6379));

        assertThat(ListenerConflicts.check(current, tcp("redis2", 6379))).contains("serviceName redis2: srcPort 6379"
                + " is already taken by service redis (reqMode=tcp); choose another srcPort or remove redis first");
    }

    @Test
    void reconfiguringTheOwnerOnItsOwnPortIsFine() {
        assertThat(ListenerConflicts.check(config(tcp("redis", 6379)), tcp("redis", 6379))).isEmpty();
    }

    @Test
    void tcpOnADefaultOrBindPortIsRefused() {
        assertThat(ListenerConflicts.check(config(), tcp("redis", 80))).get().asString()
                .contains("srcPort 80 is already taken by the proxy's HTTP listener (DEFAULT_PORTS)");
        assertThat(ListenerConflicts.check(config(), tcp("redis", 8443))).get().asString()
                .contains("(BIND_PORTS)");
    }

    @Test
    void tcpOnAnotherServicesHttpSrcPortIsRefused() {
        GatewayConfig current = config(http("web", 9000));

        assertThat(ListenerConflicts.check(current, tcp("redis", 9000))).get().asString()
                .contains("taken by service web (reqMode=http)");
    }

    @Test
    void httpSrcPortOnAnotherServicesTcpPortIsRefused() {
        GatewayConfig current = config(tcp("redis", 6379));

        assertThat(ListenerConflicts.check(current, http("web", 6379))).get().asString()
                .startsWith("serviceName web: srcPort 6379 is already taken by service redis (reqMode=tcp)");
    }

    @Test
    void httpServicesMayShareAnHttpSrcPort() {
        assertThat(ListenerConflicts.check(config(http("a", 9000)), http("b", 9000))).isEmpty();
    }

    @Test
    void differentTcpPortsDoNotConflict() {
        assertThat(ListenerConflicts.check(config(tcp("redis", 6379)), tcp("pg", 5432))).isEmpty();
    }

    @Test
    void servicesOfOneServiceGroupShareATcpPort() {
        GatewayConfig current = config(grouped("redis1", 6379, "cache"));

        assertThat(ListenerConflicts.check(current, grouped("redis2", 6379, "cache"))).isEmpty();
    }

    @Test
    void anotherGroupOrNoGroupOnAGroupsPortIsRefusedNamingTheGroup() {
        GatewayConfig current = config(grouped("redis1", 6379, "cache"));

        assertThat(ListenerConflicts.check(current, grouped("redis2", 6379, "queue"))).contains("serviceName redis2:"
                + " srcPort 6379 is already taken by service redis1 (reqMode=tcp, serviceGroup=cache); choose another"
                + " srcPort, the same serviceGroup, or remove redis1 first");
        assertThat(ListenerConflicts.check(current, tcp("redis2", 6379))).isPresent();
        assertThat(ListenerConflicts.check(config(tcp("redis1", 6379)), grouped("redis2", 6379, "cache")))
                .isPresent();
    }

    @Test
    void sniServicesShareAnSniPortEachWithItsOwnServerNames() {
        assertThat(ListenerConflicts.check(config(sni("a", 9443)), sni("b", 9443))).isEmpty();
    }

    @Test
    void sniAndPlainTcpNeverShareAPort() {
        assertThat(ListenerConflicts.check(config(sni("a", 9443)), tcp("redis", 9443))).get().asString()
                .contains("srcPort 9443 is already taken by service a (reqMode=sni)");
        assertThat(ListenerConflicts.check(config(tcp("redis", 9443)), sni("a", 9443))).get().asString()
                .contains("srcPort 9443 is already taken by service redis (reqMode=tcp)");
    }

    @Test
    void sniOnAnHttpListenerPortIsRefusedWithTheDefaultPortsHint() {
        assertThat(ListenerConflicts.check(config(), sni("a", 443))).get().asString()
                .contains("srcPort 443 is already taken by the proxy's HTTP listener (DEFAULT_PORTS)")
                .contains("DEFAULT_PORTS=80 for a reqMode=sni service on 443");
        assertThat(ListenerConflicts.check(config(sni("a", 9000)), http("web", 9000))).get().asString()
                .contains("taken by service a (reqMode=sni)");
    }

    private static ServiceSpec sni(String name, int srcPort) {
        Destination destination = service(name, ReqMode.SNI, List.of(name + ".example.com"), srcPort)
                .destinations().getFirst();
        TcpOptions options = new TcpOptions(false, Optional.empty(), Optional.of(new ServerNameMatch(
                ServerNameMatch.Method.EXACT, List.of(name + ".example.com"))));
        return new ServiceSpec(name, name, List.of(destination.withTcp(options, destination.balance(),
                destination.healthCheck())), false);
    }

    private static ServiceSpec grouped(String name, int srcPort, String group) {
        Destination destination = tcp(name, srcPort).destinations().getFirst();
        return new ServiceSpec(name, name, List.of(destination.withTcp(new TcpOptions(false, Optional.of(group)),
                destination.balance(), destination.healthCheck())), false);
    }

    private static GatewayConfig config(ServiceSpec... services) {
        Map<String, ServiceSpec> byName = new java.util.HashMap<>();
        for (ServiceSpec service : services) {
            byName.put(service.name(), service);
        }
        return GatewayConfig.of(SETTINGS, byName);
    }

    private static ServiceSpec tcp(String name, int srcPort) {
        return service(name, ReqMode.TCP, List.of(), srcPort);
    }

    private static ServiceSpec http(String name, int srcPort) {
        return service(name, ReqMode.HTTP, List.of("/"), srcPort);
    }

    private static ServiceSpec service(String name, ReqMode mode, List<String> paths, int srcPort) {
        Destination destination = new Destination(0, mode, paths, PathType.PREFIX, List.of(), List.of(),
                DomainMatch.PREFIX, srcPort, 1234, Optional.empty(), Optional.empty());
        return new ServiceSpec(name, name, List.of(destination), false);
    }
}
