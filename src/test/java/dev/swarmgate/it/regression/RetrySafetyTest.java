package dev.swarmgate.it.regression;

import dev.swarmgate.it.GatewayUnderTest;
import dev.swarmgate.testing.RawBackend;
import dev.swarmgate.testing.RawHttp;
import dev.swarmgate.testing.ResponseHead;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.swarmgate.it.regression.RegressionScenario.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, item 4: when a reused backend connection closes after the request was written, only a request that is
 * safe to repeat (RFC 9110 §9.2.1: GET, HEAD, OPTIONS, TRACE) is sent again on a new connection; any other method
 * gets a 502 and reaches the backend exactly once.
 */
class RetrySafetyTest {

    @RegisterExtension
    final RegressionScenario scenario = new RegressionScenario();

    /** The first connection answers one request, then reads the next request's head and closes without answering. */
    private GatewayUnderTest startBackendThatDropsTheSecondRequest() {
        return scenario.start(RawBackend.start(connection -> {
            if (scenario.backend().connections().indexOf(connection) == 0) {
                String head = connection.readHead();
                connection.readBody(head);
                connection.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nwarm");
                connection.readHead();
                connection.close();
            } else {
                RawBackend.echoRequestLines(connection);
            }
        }));
    }

    /** Warms the pooled connection with a GET, then sends {@code method path} on the same client connection. */
    private ResponseHead afterWarmUp(String method, String path) {
        GatewayUnderTest gateway = startBackendThatDropsTheSecondRequest();
        try (RawHttp client = RawHttp.connect(gateway.port())) {
            ResponseHead warm = client.write("GET /demo/warm HTTP/1.1\r\nHost: a\r\n\r\n").readHead();
            assertThat(body(client, warm)).isEqualTo("warm");
            return client.write(method + " " + path + " HTTP/1.1\r\nHost: a\r\n\r\n").readHead();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "DELETE", "PATCH", "PUT"})
    void aRequestThatIsNotSafeReachesTheBackendOnceAndGets502(String method) {
        assertThat(afterWarmUp(method, "/demo/once").status()).isEqualTo(502);

        assertThat(scenario.backend().requestLines()).filteredOn(line -> line.contains("/demo/once"))
                .containsExactly(method + " /demo/once HTTP/1.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS"})
    void aSafeRequestIsRetriedOnANewConnection(String method) {
        assertThat(afterWarmUp(method, "/demo/again").status()).isEqualTo(200);

        assertThat(scenario.backend().requestLines()).filteredOn(line -> line.contains("/demo/again")).hasSize(2);
    }
}
