package dev.swarmgate.cli;

import dev.swarmgate.config.BalanceAlgorithm;
import dev.swarmgate.config.Destination;
import dev.swarmgate.config.EndpointDiscovery;
import dev.swarmgate.config.HostPort;
import dev.swarmgate.config.ProxyProtocol;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TcpCommandTest {

    private static TcpCommand parse(String... args) {
        TcpCommand command = new TcpCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void defaultsAreTcpProxys() {
        TcpCommand command = parse("localhost:8001");
        assertThat(command.listen).isEqualTo(new HostPort("", 4000));
        assertThat(command.balance).isEqualTo(BalanceAlgorithm.P2C);
        assertThat(command.timeout).isEqualTo(Duration.ofSeconds(3));
        assertThat(command.healthCheck).isTrue();
        assertThat(command.grace).isEqualTo(Duration.ofSeconds(10));
        assertThat(command.admin).isEmpty();
    }

    @Test
    void readsTheReadmeExampleWithLowerCaseAlgorithm() {
        TcpCommand command = parse("-laddr", "localhost:4000", "-timeout", "500ms", "-lb", "random",
                "localhost:8001", "localhost:8002");
        assertThat(command.listen).isEqualTo(new HostPort("localhost", 4000));
        assertThat(command.timeout).isEqualTo(Duration.ofMillis(500));
        assertThat(command.balance).isEqualTo(BalanceAlgorithm.RANDOM);
        Destination destination = command.service().destinations().getFirst();
        assertThat(destination.srcPort()).isEqualTo(4000);
        assertThat(destination.outboundHostname()).contains("localhost:8001,localhost:8002");
        assertThat(destination.endpoints()).isEqualTo(EndpointDiscovery.STATIC);
        assertThat(destination.sendProxy()).isEqualTo(ProxyProtocol.NONE);
    }

    @Test
    void readsHealthFlagsAndGoBooleanForm() {
        TcpCommand command = parse("-health-check=false", "-health-interval", "1m", "-health-timeout=250ms",
                "-rise", "2", "-fall", "4", "-admin", ":9100", "[::1]:6379");
        Destination destination = command.service().destinations().getFirst();
        assertThat(destination.healthCheck().enabled()).isFalse();
        assertThat(destination.healthCheck().interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(destination.healthCheck().timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(destination.healthCheck().rise()).isEqualTo(2);
        assertThat(destination.healthCheck().fall()).isEqualTo(4);
        assertThat(command.admin).contains(new HostPort("", 9100));
        assertThat(destination.outboundHostname()).contains("[::1]:6379");
    }

    @Test
    void unknownAlgorithmExitsTwoListingTheAcceptedOnes() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new TcpCommand()).setErr(new PrintWriter(err))
                .execute("-lb", "fastest", "localhost:8001");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("'fastest' is not a load balancer algorithm")
                .contains("RANDOM, P2C, ROUNDROBIN, LEASTCONN, SOURCE");
    }

    @Test
    void badDurationsAndAddressesAndMissingBackendsAreRejected() {
        assertThatThrownBy(() -> parse("-timeout", "3", "localhost:8001"))
                .hasMessageContaining("e.g. 3s, 500ms");
        assertThatThrownBy(() -> parse("-laddr", "4000", "localhost:8001")).hasMessageContaining("is not host:port");
        assertThatThrownBy(() -> parse("-laddr", ":4000")).hasMessageContaining("BACKEND");
    }

    @Test
    void tcpServiceReadsSwarmTcpProxysEnvironment() {
        TcpRuntime.Plan single = TcpServiceCommand.plan(Map.of("SERVICE_NAME", "web", "SERVICE_PORT", "80"));
        Destination web = single.services().getFirst().destinations().getFirst();
        assertThat(single.services().getFirst().name()).isEqualTo("web");
        assertThat(web.srcPort()).isEqualTo(8000);
        assertThat(web.port()).isEqualTo(80);
        assertThat(web.sendProxy()).isEqualTo(ProxyProtocol.V1);
        assertThat(web.endpoints()).isEqualTo(EndpointDiscovery.TASKS);
        assertThat(web.timeoutTunnel()).contains(Duration.ofMinutes(5));
        assertThat(single.metrics()).isEmpty();

        TcpRuntime.Plan many = TcpServiceCommand.plan(Map.of("SERVICES", " a:80  b:6379 ",
                "DISABLE_PROXY_PROTOCOL", "yes", "CONNECTION_TIMEOUT", "30s", "ADMIN_PORT", "9100"));
        assertThat(many.services()).extracting(spec -> spec.name()).containsExactly("a", "b");
        Destination b = many.services().get(1).destinations().getFirst();
        assertThat(b.srcPort()).isEqualTo(6379);
        assertThat(b.sendProxy()).isEqualTo(ProxyProtocol.NONE);
        assertThat(b.timeoutClient()).contains(Duration.ofSeconds(30));
        assertThat(many.metrics()).contains(new HostPort("", 9100));
        assertThat(TcpServiceCommand.plan(Map.of("SERVICE_NAME", "web", "SERVICE_PORT", "80", "LISTEN_PORT", "9000"))
                .services().getFirst().destinations().getFirst().srcPort()).isEqualTo(9000);
        assertThat(TcpServiceCommand.disabled("false")).isFalse();
        assertThat(TcpServiceCommand.disabled("")).isFalse();
    }

    @Test
    void tcpServiceNamesTheVariableToFix() {
        assertThatThrownBy(() -> TcpServiceCommand.plan(Map.of())).hasMessageContaining("SERVICES=");
        assertThatThrownBy(() -> TcpServiceCommand.plan(Map.of("SERVICE_NAME", "web")))
                .hasMessageContaining("SERVICE_PORT");
        assertThatThrownBy(() -> TcpServiceCommand.plan(Map.of("SERVICES", "web")))
                .hasMessageContaining("SERVICES: 'web' is not host:port");
        assertThatThrownBy(() -> TcpServiceCommand.plan(Map.of("SERVICES", "a:80", "CONNECTION_TIMEOUT", "5 min")))
                .hasMessageContaining("CONNECTION_TIMEOUT");
        assertThatThrownBy(() -> TcpServiceCommand.plan(Map.of("SERVICES", "a:80 b:80")))
                .hasMessageContaining("port 80 is listed twice");
    }
}
