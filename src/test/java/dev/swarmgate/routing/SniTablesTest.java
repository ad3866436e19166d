package dev.swarmgate.routing;

import dev.swarmgate.config.ListenerProtocol;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.ProxyProtocol;
import dev.swarmgate.config.ReqMode;
import dev.swarmgate.config.ServerNameMatch;
import dev.swarmgate.config.ServerNameMatch.Method;
import dev.swarmgate.config.TcpOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.swarmgate.routing.Specs.compile;
import static dev.swarmgate.routing.Specs.dest;
import static dev.swarmgate.routing.Specs.path;
import static dev.swarmgate.routing.Specs.service;
import static org.assertj.core.api.Assertions.assertThat;

/** reqMode=sni srcPorts: one server-name table per port, in DFP's rule order, never on an HTTP or tcp port. */
class SniTablesTest {

    private static Specs.Dest sni(int srcPort, int port, Method method, String... names) {
        return dest().reqMode(ReqMode.SNI).srcPort(srcPort).port(port).paths(names)
                .tcp(new TcpOptions(false, Optional.empty(),
                        Optional.of(new ServerNameMatch(method, List.of(names)))));
    }

    @Test
    void servicesOnOneSniPortShareATableAndEachNameGoesToItsService() {
        Snapshot snapshot = compile(Specs.settings(List.of(new ListenerSpec(80, false, false)), List.of()),
                service("a", sni(443, 8443, Method.EXACT, "a.example.com")),
                service("b", sni(443, 9443, Method.EXACT, "b.example.com")));

        SniTable table = snapshot.sniTable(443);
        assertThat(table.route("a.example.com").serviceName()).isEqualTo("a");
        assertThat(table.route("b.example.com").target().port()).isEqualTo(9443);
        assertThat(table.route("c.example.com")).isNull();
        assertThat(table.route(null)).isNull();
        assertThat(snapshot.tcpRoute(443)).isNull();
        assertThat(snapshot.listeners()).filteredOn(listener -> listener.port() == 443)
                .singleElement().extracting(ListenerSpec::protocol).isEqualTo(ListenerProtocol.TCP);
        assertThat(snapshot.targets()).extracting(target -> target.port()).contains(8443, 9443);
    }

    @Test
    void theFirstServiceInRuleOrderWinsWhenTwoPatternsMatch() {
        Snapshot snapshot = compile(Specs.settings(List.of(), List.of()),
                service("zz-wide", sni(443, 1, Method.SUFFIX, ".example.com")),
                service("api", sni(443, 2, Method.PREFIX, "api.")).aclName("00-api"));

        SniTable table = snapshot.sniTable(443);
        assertThat(table.route("api.example.com").serviceName()).isEqualTo("api");
        assertThat(table.route("www.example.com").serviceName()).isEqualTo("zz-wide");
        assertThat(table.routes()).extracting(entry -> entry.route().serviceName()).containsExactly("api", "zz-wide");
    }

    @Test
    void eachRouteKeepsItsOwnTimeoutsAndProxyHeaderAndTheHelloWaitIsDfpsInspectDelay() {
        Snapshot snapshot = compile(Specs.settings(List.of(), List.of()),
                service("a", sni(443, 1, Method.EXACT, "a.example.com").timeoutTunnel(Duration.ofSeconds(7))));

        SniTable table = snapshot.sniTable(443);
        assertThat(table.helloTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(table.route("a.example.com").timeoutTunnel()).isEqualTo(Duration.ofSeconds(7));
        assertThat(table.route("a.example.com").sendProxy()).isEqualTo(ProxyProtocol.NONE);
        assertThat(table.route("a.example.com").backendName()).isEqualTo("a-be1_0");
    }

    @Test
    void aShortClientTimeoutShortensTheHelloWait() {
        Snapshot snapshot = compile(Specs.settings(List.of(), List.of()),
                service("a", sni(443, 1, Method.EXACT, "a.example.com").timeoutClient(Duration.ofSeconds(2))));

        assertThat(snapshot.sniTable(443).helloTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anHttpListenerOrAPlainTcpServiceKeepsItsPortAndTheSniDestinationIsSkipped() {
        Snapshot snapshot = compile(Specs.settings(List.of(new ListenerSpec(443, true, false)), List.of()),
                service("web", path(80, "/")),
                service("a", sni(443, 1, Method.EXACT, "a.example.com")),
                service("redis", dest().reqMode(ReqMode.TCP).srcPort(6379).port(6379)),
                service("b", sni(6379, 2, Method.EXACT, "b.example.com")));

        assertThat(snapshot.sniTables()).isEmpty();
        assertThat(snapshot.tcpRoute(6379).serviceName()).isEqualTo("redis");
        assertThat(snapshot.table(443)).isNotNull();
    }
}
