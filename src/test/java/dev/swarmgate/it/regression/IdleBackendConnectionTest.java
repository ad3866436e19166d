package dev.swarmgate.it.regression;

import dev.swarmgate.it.GatewayUnderTest;
import dev.swarmgate.testing.RawBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 7, weak spot: an idle pooled backend connection is closed once it has been idle for
 * {@code TIMEOUT_HTTP_KEEP_ALIVE}, with no further traffic needed to notice it.
 */
class IdleBackendConnectionTest {

    @RegisterExtension
    final RegressionScenario scenario = new RegressionScenario();

    @Test
    void aPooledConnectionIsClosedAfterTheKeepAliveTimeoutWithoutTraffic() {
        GatewayUnderTest gateway = scenario.start(RawBackend.echoingRequestLines(),
                Map.of("TIMEOUT_HTTP_KEEP_ALIVE", "1"));
        assertThat(gateway.get("/demo/once").statusCode()).isEqualTo(200);
        RawBackend.Connection pooled = scenario.backend().connections().getFirst();

        await("closed by the proxy within the keep-alive timeout and one sweep").atMost(Duration.ofSeconds(5))
                .until(pooled::closedByPeer);
    }
}
