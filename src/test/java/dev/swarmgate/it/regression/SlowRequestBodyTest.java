package dev.swarmgate.it.regression;

import dev.swarmgate.it.GatewayUnderTest;
import dev.swarmgate.testing.RawBackend;
import dev.swarmgate.testing.RawHttp;
import dev.swarmgate.testing.ResponseHead;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

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

    /** Paces the slow client under test: writes happen on this scheduler, at the rate each test sets. */
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopPacer() {
        pacer.shutdownNow();
    }

    @Test
    void aTricklingBodyGets408AndFreesTheBackendConnection() {
        GatewayUnderTest gateway = scenario.start(RawBackend.echoingRequestLines(), STRICT);
        try (RawHttp client = RawHttp.connect(gateway.port(), Duration.ofSeconds(20))) {
            client.write("POST /demo/upload HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n");
            // A byte every 300 ms: never idle for TIMEOUT_CLIENT, far below HTTP_BODY_MIN_RATE on average.
            ScheduledFuture<?> trickle = pacer.scheduleAtFixedRate(() -> client.write("x"), 0, 300,
                    TimeUnit.MILLISECONDS);

            ResponseHead head = client.readHead();
            trickle.cancel(false);

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
            // 2000 bytes a second, three times: twice the minimum rate, for longer than the grace.
            for (int second = 0; second < 3; second++) {
                pacer.schedule(() -> client.write(part), second, TimeUnit.SECONDS);
            }

            ResponseHead head = client.readHead();

            assertThat(head.status()).isEqualTo(200);
            assertThat(body(client, head)).isEqualTo("POST /demo/upload HTTP/1.1");
        }
    }
}
