package dev.swarmgate.it.regression;

import dev.swarmgate.it.GatewayUnderTest;
import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.RawBackend;
import dev.swarmgate.testing.RawHttp;
import dev.swarmgate.testing.ResponseHead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.swarmgate.it.regression.RegressionScenario.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 7, weak spot: a service's {@code maxConn} caps what is in flight to it. Over the cap an HTTP request gets a
 * 503 on a connection that stays usable, a TCP connection is closed; other services are not affected, and a slot
 * freed is taken again.
 */
class ServiceConnectionLimitTest {

    @RegisterExtension
    final RegressionScenario scenario = new RegressionScenario();

    @Test
    void anHttpRequestOverMaxConnGets503UntilASlotIsFree() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        GatewayUnderTest gateway = scenario.start(RawBackend.start(connection -> {
            String head;
            while ((head = connection.readHead()) != null) {
                connection.readBody(head);
                if (head.startsWith("GET /demo/held")) {
                    answer.await(10, TimeUnit.SECONDS);
                }
                connection.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            }
        }));
        gateway.route("demo", scenario.backend().port(), "servicePath=/demo&maxConn=1");
        gateway.route("other", scenario.backend().port(), "servicePath=/other");

        try (RawHttp held = RawHttp.connect(gateway.port()); RawHttp next = RawHttp.connect(gateway.port())) {
            held.write("GET /demo/held HTTP/1.1\r\nHost: a\r\n\r\n");
            scenario.backend().awaitRequests(1, Duration.ofSeconds(5));

            ResponseHead refused = next.write("GET /demo/more HTTP/1.1\r\nHost: a\r\n\r\n").readHead();
            assertThat(refused.status()).isEqualTo(503);
            body(next, refused);
            ResponseHead other = next.write("GET /other/x HTTP/1.1\r\nHost: a\r\n\r\n").readHead();
            assertThat(other.status()).as("another service on the same connection").isEqualTo(200);
            body(next, other);

            answer.countDown();
            assertThat(held.readHead().status()).isEqualTo(200);
            ResponseHead again = next.write("GET /demo/again HTTP/1.1\r\nHost: a\r\n\r\n").readHead();
            assertThat(again.status()).isEqualTo(200);
        }
    }

    @Test
    void aTcpConnectionOverMaxConnIsClosed() {
        int srcPort = FreePort.pick();
        GatewayUnderTest gateway = scenario.start(RawBackend.start(connection -> connection.awaitClosedByPeer(
                Duration.ofSeconds(20))));
        gateway.route("tcp", scenario.backend().port(), "reqMode=tcp&srcPort=" + srcPort + "&maxConn=1");

        try (RawHttp first = await().atMost(Duration.ofSeconds(5)).until(() -> connect(srcPort), c -> c != null)) {
            first.write("hello");
            await().atMost(Duration.ofSeconds(5)).until(() -> scenario.backend().received().contains("hello"));
            try (RawHttp second = RawHttp.connect(srcPort)) {
                assertThat(second.isClosedByPeer()).as("the second connection is closed").isTrue();
            }
            assertThat(scenario.backend().connectionCount()).isEqualTo(1);
        }
        AtomicInteger attempt = new AtomicInteger();
        await("a connection is relayed again once the first closed").atMost(Duration.ofSeconds(5)).until(() -> {
            String marker = "again-" + attempt.incrementAndGet();
            try (RawHttp again = RawHttp.connect(srcPort)) {
                again.write(marker);
                return await().atMost(Duration.ofSeconds(1)).until(() -> scenario.backend().received(),
                        received -> received.contains(marker)) != null;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
    }

    private static RawHttp connect(int port) {
        try {
            return RawHttp.connect(port);
        } catch (RuntimeException notListeningYet) {
            return null;
        }
    }
}
