package dev.swarmgate.config.dfp;

import dev.swarmgate.config.BalanceAlgorithm;
import dev.swarmgate.config.Destination;
import dev.swarmgate.config.EndpointDiscovery;
import dev.swarmgate.config.HealthCheck;
import dev.swarmgate.config.InvalidServiceException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static dev.swarmgate.config.dfp.Parsing.rejection;
import static dev.swarmgate.config.dfp.Parsing.spec;
import static org.assertj.core.api.Assertions.assertThat;

class BalancingParametersTest {

    private static Destination destination(String extra) throws InvalidServiceException {
        return spec("serviceName=go-demo&servicePath=/demo&port=8080" + extra).destinations().getFirst();
    }

    @Test
    void defaultsAreP2cOverTasksWithTcpChecks() throws Exception {
        Destination d = destination("");
        assertThat(d.balance()).isEqualTo(BalanceAlgorithm.P2C);
        assertThat(d.endpoints()).isEqualTo(EndpointDiscovery.TASKS);
        assertThat(d.healthCheck()).isEqualTo(HealthCheck.defaults());
    }

    @Test
    void readsAlgorithmDiscoveryAndHealthCheckSettings() throws Exception {
        Destination d = destination("&balance=leastconn&endpoints=vip&healthCheckPath=/health&healthCheckInterval=2"
                + "&healthCheckTimeout=1&healthCheckRise=4&healthCheckFall=5");
        assertThat(d.balance()).isEqualTo(BalanceAlgorithm.LEAST_CONNECTIONS);
        assertThat(d.endpoints()).isEqualTo(EndpointDiscovery.VIP);
        assertThat(d.healthCheck()).isEqualTo(new HealthCheck(true, Optional.of("/health"), Duration.ofSeconds(2),
                Duration.ofSeconds(1), 4, 5));
    }

    @Test
    void acceptsAliasesAndDisablingChecks() throws Exception {
        assertThat(destination("&balance=source").balance()).isEqualTo(BalanceAlgorithm.CLIENT_HASH);
        assertThat(destination("&balance=round-robin").balance()).isEqualTo(BalanceAlgorithm.ROUND_ROBIN);
        assertThat(destination("&healthCheck=false").healthCheck().enabled()).isFalse();
    }

    @Test
    void rejectsUnknownAlgorithmListingTheAcceptedOnes() {
        InvalidServiceException e = rejection("serviceName=a&servicePath=/a&port=80&balance=fastest");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("balance=fastest", "roundrobin, random, p2c, leastconn, source");
    }

    @Test
    void rejectsOutOfRangeHealthSettingsAndUnknownDiscovery() {
        assertThat(rejection("serviceName=a&servicePath=/a&port=80&healthCheckFall=0").getMessage())
                .contains("healthCheckFall", "1 to 100");
        assertThat(rejection("serviceName=a&servicePath=/a&port=80&endpoints=dns").getMessage())
                .contains("tasks or vip");
        assertThat(rejection("serviceName=a&servicePath=/a&port=80&healthCheckPath=health").getMessage())
                .contains("must start with /");
    }
}
