package dev.swarmgate.config.dfp;

import dev.swarmgate.config.BalanceAlgorithm;
import dev.swarmgate.config.Destination;
import dev.swarmgate.config.HealthCheck;
import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.TcpOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.swarmgate.config.dfp.Parsing.rejection;
import static dev.swarmgate.config.dfp.Parsing.request;
import static dev.swarmgate.config.dfp.Parsing.spec;
import static org.assertj.core.api.Assertions.assertThat;

/** checkTcp, clitcpka, serviceGroup and balanceGroup of reqMode=tcp destinations. */
class TcpParametersTest {

    private static final String TCP = "serviceName=redis&reqMode=tcp&srcPort=6379&port=6379";

    private static Destination tcp(String extra) throws InvalidServiceException {
        return spec(TCP + extra).destinations().getFirst();
    }

    @Test
    void withoutOptionsTheDestinationOwnsItsPortAloneWithDefaultChecks() throws Exception {
        Destination d = tcp("");
        assertThat(d.tcp()).isEqualTo(TcpOptions.NONE);
        assertThat(d.healthCheck()).isEqualTo(HealthCheck.defaults());
        assertThat(d.balance()).isEqualTo(BalanceAlgorithm.P2C);
    }

    @Test
    void checkTcpIsATcpConnectCheckWithTheHealthCheckTimings() throws Exception {
        Destination d = tcp("&checkTcp=true&healthCheckInterval=1&healthCheckTimeout=1&healthCheckRise=2"
                + "&healthCheckFall=1");
        assertThat(d.healthCheck()).isEqualTo(new HealthCheck(true, Optional.empty(), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 2, 1));
    }

    @Test
    void checkTcpFalseChangesNothing() throws Exception {
        assertThat(tcp("&checkTcp=false&healthCheck=false").healthCheck().enabled()).isFalse();
        assertThat(tcp("&checkTcp=false").healthCheck()).isEqualTo(HealthCheck.defaults());
    }

    @Test
    void checkTcpWithHealthCheckOffIsA400NamingBoth() {
        InvalidServiceException e = rejection(TCP + "&checkTcp=true&healthCheck=false");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("checkTcp=true", "healthCheck=false", "remove one of the two");
    }

    @Test
    void checkTcpWithAnHttpCheckPathIsA400() {
        InvalidServiceException e = rejection("serviceName=redis&reqMode.1=tcp&srcPort.1=6379&port.1=6379"
                + "&checkTcp.1=true&healthCheckPath.1=/health");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("checkTcp.1=true", "healthCheckPath.1", "TCP-connect");
    }

    @Test
    void clitcpkaAsksForClientKeepAlive() throws Exception {
        assertThat(tcp("&clitcpka=true").tcp().clientKeepAlive()).isTrue();
        assertThat(tcp("&clitcpka=false").tcp().clientKeepAlive()).isFalse();
        assertThat(rejection("serviceName=redis&reqMode=tcp&srcPort=6379&port=6379&clitcpka=yes").getMessage())
                .as("not DFP's silent false").contains("clitcpka=yes is not a boolean");
    }

    @Test
    void indexedOptionsApplyToTheirDestinationOnly() throws Exception {
        List<Destination> destinations = spec("serviceName=db&reqMode.1=tcp&srcPort.1=5432&port.1=5432"
                + "&reqMode.2=tcp&srcPort.2=5433&port.2=5432&clitcpka.2=true&serviceGroup.2=pg").destinations();
        assertThat(destinations.get(0).tcp()).isEqualTo(TcpOptions.NONE);
        assertThat(destinations.get(1).tcp()).isEqualTo(new TcpOptions(true, Optional.of("pg")));
    }

    @Test
    void httpDestinationsIgnoreTheTcpOptions() throws Exception {
        Destination d = spec("serviceName=web&servicePath=/&port=80&checkTcp=true&healthCheck=false&clitcpka=true"
                + "&serviceGroup=g&balanceGroup=nonsense").destinations().getFirst();
        assertThat(d.tcp()).isEqualTo(TcpOptions.NONE);
        assertThat(d.healthCheck().enabled()).isFalse();
    }

    @Test
    void serviceGroupIsANameAndABadOneIsA400NamingTheParameter() throws Exception {
        assertThat(tcp("&serviceGroup=").tcp().serviceGroup()).isEmpty();
        assertThat(tcp("&serviceGroup=cache-1").tcp().serviceGroup()).contains("cache-1");
        InvalidServiceException e = rejection("serviceName=redis&reqMode.1=tcp&srcPort.1=6379&port.1=6379"
                + "&reqMode.2=tcp&srcPort.2=6380&port.2=6379&serviceGroup.2=a/b");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("serviceGroup.2 is not a group name", "serviceGroup.2=redis");
    }

    @Test
    void balanceGroupTakesHaproxyAlgorithmNames() throws Exception {
        assertThat(tcp("&balanceGroup=roundrobin").balance()).isEqualTo(BalanceAlgorithm.ROUND_ROBIN);
        assertThat(tcp("&balanceGroup=static-rr").balance()).isEqualTo(BalanceAlgorithm.ROUND_ROBIN);
        assertThat(tcp("&balanceGroup=leastconn").balance()).isEqualTo(BalanceAlgorithm.LEAST_CONNECTIONS);
        assertThat(tcp("&balanceGroup=SOURCE").balance()).isEqualTo(BalanceAlgorithm.CLIENT_HASH);
        assertThat(tcp("&balanceGroup=random").balance()).isEqualTo(BalanceAlgorithm.RANDOM);
        assertThat(tcp("&balanceGroup=leastconn&balance=leastconn").balance())
                .isEqualTo(BalanceAlgorithm.LEAST_CONNECTIONS);
    }

    @Test
    void unknownBalanceGroupIsA400ListingTheAcceptedValues() {
        InvalidServiceException e = rejection("serviceName=redis&reqMode.1=tcp&srcPort.1=6379&port.1=6379"
                + "&balanceGroup.1=first");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("balanceGroup.1=first", "roundrobin, static-rr, leastconn, source,"
                + " random");
    }

    @Test
    void balanceGroupAndBalanceThatDisagreeAreA400() {
        InvalidServiceException e = rejection(TCP + "&balanceGroup=roundrobin&balance=leastconn");
        assertThat(e.getMessage()).contains("balanceGroup=roundrobin", "balance=leastconn", "only one");
    }

    @Test
    void twoDestinationsOfOneServiceShareATcpPortOnlyInTheSameGroup() throws Exception {
        String two = "serviceName=db&reqMode.1=tcp&srcPort.1=5432&port.1=5432&reqMode.2=tcp&srcPort.2=5432"
                + "&port.2=5433";
        assertThat(rejection(two).getMessage()).contains("give each destination its own srcPort");
        assertThat(rejection(two + "&serviceGroup.1=a&serviceGroup.2=b").status()).isEqualTo(400);
        assertThat(spec(two + "&serviceGroup=pg").destinations()).hasSize(2);
    }

    @Test
    void theOptionsAreNoLongerReportedAsIgnored() throws Exception {
        assertThat(request(TCP + "&checkTcp=true&clitcpka=true&serviceGroup=g&balanceGroup=roundrobin"
                + "&proxyInstanceName=docker-flow").unsupported()).isEmpty();
    }
}
