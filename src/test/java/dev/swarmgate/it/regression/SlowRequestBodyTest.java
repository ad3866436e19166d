package dev.swarmgate.it.regression;

import dev.swarmgate.it.GatewayUnderTest;
import dev.swarmgate.testing.RawBackend;
import dev.swarmgate.testing.RawHttp;
import dev.swarmgate.testing.ResponseHead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.swarmgate.it.regression.RegressionScenario.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 7, weak spot: a request body must average {@code HTTP_BODY_MIN_RATE} bytes per second once
 * {@code HTTP_BODY_MIN_RATE_GRACE} has passed; a client trickling a byte every few hundred milliseconds (never idle
 * for {@code TIMEOUT_CLIENT}) gets a 408, and the backend connection it held is released.
 */
class SlowRequestBodyTest {

    private static final Map<String, String> STRICT = Map.of("HTTP_BODY_MIN_RATE", "1000",
            "HTTP_BODY_MIN_RATE_GRACE", "1", "TIMEOUT_CLIENT", "60");

    @RegisterExtension
    final RegressionScenario scenario = new RegressionScenario();

    @Test
    void aTricklingBodyGets408AndFreesTheBackendConnection() throws Exception {
        GatewayUnderTest gateway = scenario.start(RawBackend.echoingRequestLines(), STRICT);
        AtomicBoolean trickling = new AtomicBoolean(true);
        try (RawHttp client = RawHttp.connect(gateway.port(), Duration.ofSeconds(20))) {
            client.write("POST /demo/upload HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n");
            Thread trickler = Thread.ofVirtual().start(() -> {
                while (trickling.get()) {
                    try {
                        client.write("x");
                        Thread.sleep(300); // the slow client under test
                    } catch (RuntimeException | InterruptedException closed) {
                        return;
                    }
                }
            });
            ResponseHead head = client.readHead();
            trickling.set(false);
            trickler.join();

            assertThat(head.status()).isEqualTo(408);
            assertThat(head.header("Connection")).contains("close");
        }
        await("the backend connection is closed").atMost(Duration.ofSeconds(5))
                .until(() -> scenario.backend().connections().getFirst().closedByPeer());
    }

    @Test
    void aBodyAtAGoodRateIsForwardedWhole() {
        GatewayUnderTest gateway = scenario.start(RawBackend.echoingRequestLines(), STRICT);
        String part = "y".repeat(2000);
        try (RawHttp client = RawHttp.connect(gateway.port(), Duration.ofSeconds(20))) {
            client.write("POST /demo/upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + part.length() * 3 + "\r\n\r\n");
            for (int i = 0; i < 3; i++) {
                client.write(part); // 2000 bytes a second: twice the minimum rate, for longer than the grace
                sleepASecond();
            }
            ResponseHead head = client.readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(body(client, head)).isEqualTo("POST /demo/upload HTTP/1.1");
        }
    }

    private static void sleepASecond() {
        try {
            Thread.sleep(1000); // pacing the client's upload, the behaviour under test
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
