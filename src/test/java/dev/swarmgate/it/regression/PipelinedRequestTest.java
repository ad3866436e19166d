package dev.swarmgate.it.regression;

import dev.swarmgate.it.GatewayUnderTest;
import dev.swarmgate.testing.RawBackend;
import dev.swarmgate.testing.RawHttp;
import dev.swarmgate.testing.ResponseHead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.swarmgate.it.regression.RegressionScenario.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, item 5: pipelined requests that arrive in one write are answered in order, a body among them included
 * (its bytes were read before its exchange started, so nothing else would push them to the backend).
 */
class PipelinedRequestTest {

    @RegisterExtension
    final RegressionScenario scenario = new RegressionScenario();

    @Test
    void aRequestWithABodyBetweenTwoPipelinedRequestsIsAnsweredInOrder() {
        GatewayUnderTest gateway = scenario.start(RawBackend.echoingRequestLines());
        try (RawHttp client = RawHttp.connect(gateway.port())) {
            client.write("GET /demo/1 HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "POST /demo/2 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
                    + "GET /demo/3 HTTP/1.1\r\nHost: a\r\n\r\n");
            for (String expected : new String[] {"GET /demo/1", "POST /demo/2", "GET /demo/3"}) {
                ResponseHead head = client.readHead();
                assertThat(head.status()).isEqualTo(200);
                assertThat(body(client, head)).isEqualTo(expected + " HTTP/1.1");
            }
        }
        assertThat(scenario.backend().received()).contains("\r\n\r\nabcGET /demo/3 HTTP/1.1\r\n");
    }

    @Test
    void aChunkedBodyBetweenTwoPipelinedRequestsIsAnsweredInOrder() {
        GatewayUnderTest gateway = scenario.start(RawBackend.echoingRequestLines());
        try (RawHttp client = RawHttp.connect(gateway.port())) {
            client.write("GET /demo/1 HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "POST /demo/2 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                    + "GET /demo/3 HTTP/1.1\r\nHost: a\r\n\r\n");
            for (String expected : new String[] {"GET /demo/1", "POST /demo/2", "GET /demo/3"}) {
                ResponseHead head = client.readHead();
                assertThat(body(client, head)).isEqualTo(expected + " HTTP/1.1");
            }
        }
    }
}
