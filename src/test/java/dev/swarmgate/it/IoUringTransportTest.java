package dev.swarmgate.it;

import dev.swarmgate.server.Gateway;
import dev.swarmgate.testing.Curl;
import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.LogCapture;
import dev.swarmgate.testing.Redis;
import dev.swarmgate.upstream.Transport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code IO_TRANSPORT=io_uring}: the data plane on Netty's io_uring transport, two event loops (one listening socket
 * each), with real peers: the JDK's HTTP client and curl, a JDK HTTP server, redis-server. Skipped where the kernel
 * or the sandbox refuses io_uring (the reason is in the report). The rest of the suite runs on it with
 * {@code -Dswarmgate.it.ioTransport=io_uring} (README.md).
 */
class IoUringTransportTest {

    private static final Map<String, String> ON_IO_URING = Map.of("IO_TRANSPORT", "io_uring", "IO_THREADS", "2");

    @BeforeAll
    static void ioUringIsAvailable() {
        assumeTrue(Transport.ioUringIfAvailable().isPresent(),
                () -> "io_uring is not available here: " + Transport.ioUringUnavailableBecause());
    }

    @Test
    void httpOnKeepAliveAndOnNewConnectionsWithBodiesBothWays() throws Exception {
        try (LogCapture log = LogCapture.of(Gateway.class);
             RecordingBackend backend = RecordingBackend.start();
             GatewayUnderTest gateway = GatewayUnderTest.start(ON_IO_URING)) {
            assertThat(log.lines()).anyMatch(line -> line.startsWith("data plane: io_uring transport, 2 event loop"));
            gateway.route("app", backend.port(), "servicePath=/");
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            byte[] body = new byte[3 * 1024 * 1024 + 17];
            Arrays.fill(body, (byte) 'x');
            String expected = "len=" + body.length + " sha=" + RecordingBackend.sha256(body) + "\n";

            for (int i = 0; i < 20; i++) {
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(gateway.url("/up/" + i)))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo(expected);
            }
            for (int i = 0; i < 20; i++) {
                Curl.Response fresh = Curl.include("-H", "Connection: close", gateway.url("/fresh/" + i));
                assertThat(fresh.status()).isEqualTo(200);
                assertThat(fresh.body()).isEqualTo("len=0 sha=" + RecordingBackend.sha256(new byte[0]) + "\n");
            }
            assertThat(backend.requests()).hasSize(40);
        }
    }

    @Test
    void tcpTunnelsRelayThroughBuffersBothWays() {
        try (Redis redis = Redis.start();
             GatewayUnderTest gateway = GatewayUnderTest.start(ON_IO_URING)) {
            int srcPort = FreePort.pick();
            gateway.route("serviceName=redis&reqMode=tcp&srcPort=" + srcPort + "&port=" + redis.port()
                    + "&outboundHostname=127.0.0.1");
            String value = "v".repeat(100_000);

            assertThat(Redis.cli(srcPort, "PING")).isEqualTo("PONG");
            assertThat(Redis.cli(srcPort, "SET", "big", value)).isEqualTo("OK");
            assertThat(Redis.cli(srcPort, "STRLEN", "big")).isEqualTo("100000");
            assertThat(Redis.cli(srcPort, "GET", "big").getBytes(StandardCharsets.UTF_8)).hasSize(100_000);
        }
    }

    @Test
    void takeOverIsRefusedAtStartWithTheWayOut() {
        assertThatThrownBy(() -> GatewayUnderTest.start(Map.of("IO_TRANSPORT", "io_uring", "TAKE_OVER", "true")))
                .hasMessageContaining("TAKE_OVER=true needs the epoll transport")
                .hasMessageContaining("unset IO_TRANSPORT, or TAKE_OVER");
    }
}
