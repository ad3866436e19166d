package dev.swarmgate.it.regression;

import dev.swarmgate.it.GatewayUnderTest;
import dev.swarmgate.testing.RawBackend;
import dev.swarmgate.testing.RawHttp;
import dev.swarmgate.testing.ResponseHead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static dev.swarmgate.it.regression.RegressionScenario.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 7, weak spot: at {@code MAXCONN} open client connections a new one is answered 503 and closed, while the
 * open ones keep being served; once one closes, a new connection is served again.
 */
class ConnectionLimitTest {

    @RegisterExtension
    final RegressionScenario scenario = new RegressionScenario();

    @Test
    void aConnectionOverMaxconnGets503AndTheOthersKeepWorking() {
        GatewayUnderTest gateway = scenario.start(RawBackend.echoingRequestLines(), Map.of("MAXCONN", "2"));
        try (RawHttp first = RawHttp.connect(gateway.port()); RawHttp second = RawHttp.connect(gateway.port())) {
            assertThat(served(first, "/demo/1")).isEqualTo("GET /demo/1 HTTP/1.1");
            assertThat(served(second, "/demo/2")).isEqualTo("GET /demo/2 HTTP/1.1");

            try (RawHttp third = RawHttp.connect(gateway.port())) {
                ResponseHead refused = third.write("GET /demo/3 HTTP/1.1\r\nHost: a\r\n\r\n").readHead();
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.header("Connection")).contains("close");
                assertThat(third.isClosedByPeer()).isTrue();
            }
            assertThat(served(first, "/demo/4")).as("an open connection is still served")
                    .isEqualTo("GET /demo/4 HTTP/1.1");
        }
        await("a connection is served again once others closed").atMost(Duration.ofSeconds(5)).until(() -> {
            try (RawHttp again = RawHttp.connect(gateway.port())) {
                return again.write("GET /demo/5 HTTP/1.1\r\nHost: a\r\n\r\n").readHead().status() == 200;
            }
        });
        assertThat(scenario.backend().requestLines()).doesNotContain("GET /demo/3 HTTP/1.1");
    }

    private static String served(RawHttp client, String path) {
        ResponseHead head = client.write("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n").readHead();
        assertThat(head.status()).isEqualTo(200);
        return body(client, head);
    }
}
