package dev.swarmgate.it;

import dev.swarmgate.testing.LogCapture;
import dev.swarmgate.upstream.EndpointGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A service port where nothing listens: the client's error and the log say so, and say what to check. */
class ConnectRefusedTest {

    private final GatewayUnderTest gateway = GatewayUnderTest.start();

    @AfterEach
    void close() {
        gateway.close();
    }

    @Test
    void aPortWhereNothingListensIsA502WhoseLogLineNamesTheRefusalAndTheFixOncePerInterval() throws IOException {
        int closed = portWhereNothingListens();
        gateway.route("down", closed, "servicePath=/down");

        try (LogCapture log = LogCapture.of(EndpointGroup.class)) {
            HttpResponse<String> first = gateway.get("/down/x");
            HttpResponse<String> second = gateway.get("/down/y");

            assertThat(first.statusCode()).isEqualTo(502);
            assertThat(first.body()).contains("refused the connection");
            assertThat(second.statusCode()).isEqualTo(502);
            assertThat(log.lines()).filteredOn(line -> line.contains("connection refused")).singleElement()
                    .asString().isEqualTo("127.0.0.1:" + closed + ": connection refused by 127.0.0.1:" + closed
                            + ": nothing listens on port " + closed + " of 127.0.0.1; check the port 127.0.0.1"
                            + " listens on inside its containers (com.df.port / port; not a published port)");
        }
    }

    @Test
    void onceHealthChecksFoundNothingListeningThe503IsLoggedWithTheLastProbesCause() throws IOException {
        int closed = portWhereNothingListens();
        try (LogCapture log = LogCapture.of(EndpointGroup.class)) {
            gateway.route("down", closed, "servicePath=/down&healthCheckInterval=1&healthCheckFall=1");
            await().atMost(Duration.ofSeconds(10)).until(() -> log.lines().stream()
                    .anyMatch(line -> line.contains("is unhealthy after 1 failed health checks")));

            assertThat(gateway.get("/down/x").statusCode()).isEqualTo(503);
            assertThat(log.lines()).contains("127.0.0.1:" + closed + ": no endpoint is healthy; the last failed"
                    + " health check: connection refused by 127.0.0.1:" + closed + ": nothing listens on port "
                    + closed + " of 127.0.0.1; check the port 127.0.0.1 listens on inside its containers"
                    + " (com.df.port / port; not a published port)");
        }
    }

    /** A port that was bound a moment ago and is closed now, so a connect to it is refused. */
    private static int portWhereNothingListens() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
