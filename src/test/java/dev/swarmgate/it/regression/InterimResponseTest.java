package dev.swarmgate.it.regression;

import dev.swarmgate.it.GatewayUnderTest;
import dev.swarmgate.testing.RawBackend;
import dev.swarmgate.testing.RawHttp;
import dev.swarmgate.testing.ResponseHead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static dev.swarmgate.it.regression.RegressionScenario.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, item 2: interim (1xx) responses from a backend are relayed to HTTP/1.1 clients and the final response
 * follows on the same, still usable, connection; HTTP/1.0 clients never see a 1xx (RFC 9110 §15.2).
 */
class InterimResponseTest {

    @RegisterExtension
    final RegressionScenario scenario = new RegressionScenario();

    /** Lets a backend that sent an interim response send the final one: the test releases it once it read the 1xx. */
    private final Semaphore finalResponse = new Semaphore(0);

    /**
     * Answers each request with {@code interim} then a 200 whose body is "done": in one write, or, when
     * {@code separately}, only once the test has read the interim response (so the two surely arrive apart).
     */
    private RawBackend interimThenOk(String interim, boolean separately) {
        return RawBackend.start(connection -> {
            String head;
            while ((head = connection.readHead()) != null) {
                connection.readBody(head);
                String ok = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone";
                if (!separately) {
                    connection.write(interim + ok);
                } else {
                    connection.write(interim);
                    if (!finalResponse.tryAcquire(10, TimeUnit.SECONDS)) {
                        return;
                    }
                    connection.write(ok);
                }
            }
        });
    }

    @Test
    void earlyHintsThenTheResponseLaterBothReachTheClientOnAKeptAliveConnection() {
        GatewayUnderTest gateway = scenario.start(interimThenOk(
                "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n", true));
        try (RawHttp client = RawHttp.connect(gateway.port())) {
            for (int i = 0; i < 2; i++) {
                client.write("GET /demo/hints HTTP/1.1\r\nHost: a\r\n\r\n");
                ResponseHead hints = client.readHead();
                assertThat(hints.status()).isEqualTo(103);
                assertThat(hints.header("Link")).contains("</style.css>; rel=preload");
                finalResponse.release();
                ResponseHead last = client.readHead();
                assertThat(last.status()).isEqualTo(200);
                assertThat(body(client, last)).isEqualTo("done");
            }
        }
    }

    @Test
    void continueAndTheResponseInOnePacketGiveTheClientTheResponse() {
        GatewayUnderTest gateway = scenario.start(interimThenOk("HTTP/1.1 100 Continue\r\n\r\n", false));
        try (RawHttp client = RawHttp.connect(gateway.port())) {
            for (int i = 0; i < 2; i++) {
                client.write("POST /demo/upload HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi");
                ResponseHead last = finalHead(client);
                assertThat(last.status()).isEqualTo(200);
                assertThat(body(client, last)).isEqualTo("done");
            }
        }
    }

    @Test
    void anHttp10ClientGetsOnlyTheFinalResponse() {
        GatewayUnderTest gateway = scenario.start(interimThenOk(
                "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n", false));
        try (RawHttp client = RawHttp.connect(gateway.port())) {
            ResponseHead head = client.write("GET /demo/old HTTP/1.0\r\nHost: a\r\n\r\n").readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(body(client, head)).isEqualTo("done");
        }
    }

    private static ResponseHead finalHead(RawHttp client) {
        ResponseHead head = client.readHead();
        while (head.status() < 200) {
            head = client.readHead();
        }
        return head;
    }
}
