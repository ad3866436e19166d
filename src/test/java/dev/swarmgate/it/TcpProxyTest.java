package dev.swarmgate.it;

import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.Redis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** reqMode=tcp services through the admin API, with Debian's redis-server, redis-cli and iperf3 as real peers. */
class TcpProxyTest {

    private static final int MIB = 1024 * 1024;

    @RegisterExtension
    final GatewayPerTest proxy = new GatewayPerTest();

    @Test
    void redisAnswersPingAndRoundTripsSetGetThroughTheTcpPort() {
        try (Redis redis = Redis.start()) {
            int srcPort = FreePort.pick();
            proxy.gateway().route("serviceName=redis&reqMode=tcp&srcPort=" + srcPort + "&port=" + redis.port()
                    + "&outboundHostname=127.0.0.1");

            assertThat(Redis.cli(srcPort, "PING")).isEqualTo("PONG");
            assertThat(Redis.cli(srcPort, "SET", "swarmgate", "tcp")).isEqualTo("OK");
            assertThat(Redis.cli(srcPort, "GET", "swarmgate")).isEqualTo("tcp");
            assertThat(proxy.gateway().admin("/v1/docker-flow-proxy/config").body())
                    .contains("tcp " + srcPort + " -> 127.0.0.1:" + redis.port());
        }
    }

    @Test
    void clientFinIsForwardedSoTheBackendAnswersAfterReadingToEof() throws Exception {
        try (ServerSocket backend = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> backendSaw = CompletableFuture.supplyAsync(() -> {
                try (Socket accepted = backend.accept()) {
                    String request = new String(accepted.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    accepted.getOutputStream().write(("got " + request.length() + " bytes").getBytes(
                            StandardCharsets.UTF_8));
                    return request;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            int srcPort = tcpService("halfclose", backend.getLocalPort());

            try (Socket client = connect(srcPort)) {
                client.getOutputStream().write("hello, then FIN".getBytes(StandardCharsets.UTF_8));
                client.shutdownOutput();
                String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

                assertThat(backendSaw.get(10, TimeUnit.SECONDS)).isEqualTo("hello, then FIN");
                assertThat(answer).isEqualTo("got 15 bytes");
            }
        }
    }

    @Test
    void slowReaderGets64MiBWhileTheBackendIsHeldBackAndTheProxyStaysResponsive() throws Exception {
        long total = 64L * MIB;
        AtomicLong written = new AtomicLong();
        try (ServerSocket backend = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             RecordingBackend http = RecordingBackend.start()) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try (Socket accepted = backend.accept(); OutputStream out = accepted.getOutputStream()) {
                    byte[] chunk = new byte[64 * 1024];
                    for (long sent = 0; sent < total; sent += chunk.length) {
                        out.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            int srcPort = tcpService("bulk", backend.getLocalPort());
            proxy.gateway().route("web", http.port(), "servicePath=/");

            try (Socket client = connect(srcPort)) {
                client.setReceiveBufferSize(64 * 1024);
                // The client reads nothing yet: the backend must be held back, not buffered in the proxy.
                long[] previous = {-1};
                await().pollInterval(Duration.ofMillis(200)).during(Duration.ofSeconds(1))
                        .atMost(Duration.ofSeconds(20)).until(() -> {
                            long now = written.get();
                            boolean stalled = now == previous[0];
                            previous[0] = now;
                            return stalled;
                        });
                assertThat(written.get()).isLessThan(total / 2);
                assertThat(proxy.gateway().get("/anything").statusCode()).isEqualTo(200);

                InputStream in = client.getInputStream();
                byte[] buffer = new byte[256 * 1024];
                long received = 0;
                for (int n; (n = in.read(buffer)) > 0; ) {
                    received += n;
                }
                assertThat(received).isEqualTo(total);
                writer.get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void removingTheServiceReleasesItsPort() {
        try (Redis redis = Redis.start()) {
            int srcPort = FreePort.pick();
            proxy.gateway().route("serviceName=redis&reqMode=tcp&srcPort=" + srcPort + "&port=" + redis.port()
                    + "&outboundHostname=127.0.0.1");
            assertThat(GatewayUnderTest.accepts(srcPort)).isTrue();

            assertThat(proxy.gateway().remove("redis").status()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(10)).until(() -> !GatewayUnderTest.accepts(srcPort));
        }
    }

    @Test
    void secondTcpServiceOnATakenPortIsRefusedWith409NamingTheOwner() {
        int srcPort = tcpService("redis", 6379);

        GatewayUnderTest.Reply reply = proxy.gateway().reconfigure("serviceName=redis2&reqMode=tcp&srcPort=" + srcPort
                + "&port=6380&outboundHostname=127.0.0.1");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.body()).contains("NOK").contains("serviceName redis2: srcPort " + srcPort
                + " is already taken by service redis (reqMode=tcp); choose another srcPort or remove redis first");
        assertThat(proxy.gateway().reconfigure("serviceName=redis&reqMode=tcp&srcPort=" + srcPort
                + "&port=6380&outboundHostname=127.0.0.1").status()).isEqualTo(200);
    }

    @Test
    void tcpWithoutSrcPortIsRefusedWith400() {
        GatewayUnderTest.Reply reply = proxy.gateway().reconfigure("serviceName=redis&reqMode=tcp&port=6379");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("reqMode=tcp needs srcPort");
    }

    @Test
    void unresolvableBackendClosesTheClientWhileHttpRoutesKeepServing() throws Exception {
        try (RecordingBackend http = RecordingBackend.start()) {
            proxy.gateway().route("web", http.port(), "servicePath=/");
            int srcPort = FreePort.pick();
            proxy.gateway().route("serviceName=ghost&reqMode=tcp&srcPort=" + srcPort + "&port=1234"
                    + "&outboundHostname=no-such-host.invalid");

            try (Socket client = connect(srcPort)) {
                client.setSoTimeout(15_000);
                assertThat(readOrReset(client.getInputStream())).isEqualTo(-1);
            }
            assertThat(proxy.gateway().get("/still-here").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void iperf3RunsThroughTheTcpProxy() throws Exception {
        int iperfPort = FreePort.pick();
        Process server = new ProcessBuilder("iperf3", "-s", "-1", "-B", "127.0.0.1", "-p", String.valueOf(iperfPort))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> GatewayUnderTest.accepts(iperfPort) || !server.isAlive());
            // iperf3 -s -1 serves one test; the probe above was a connection, so start a fresh one-off server.
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
            Process fresh = new ProcessBuilder("iperf3", "-s", "-1", "-B", "127.0.0.1", "-p",
                    String.valueOf(iperfPort)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                int srcPort = tcpService("iperf", iperfPort);
                Process client = await().atMost(Duration.ofSeconds(10)).until(() -> {
                    Process attempt = new ProcessBuilder("iperf3", "-c", "127.0.0.1", "-p", String.valueOf(srcPort),
                            "-t", "3", "-J").redirectErrorStream(true).start();
                    attempt.getOutputStream().close();
                    return attempt;
                }, p -> true);
                String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(client.exitValue()).as(output).isZero();
                assertThat(output).contains("\"sum_received\"");
            } finally {
                fresh.destroyForcibly();
            }
        } finally {
            server.destroyForcibly();
        }
    }

    private int tcpService(String name, int backendPort) {
        int srcPort = FreePort.pick();
        proxy.gateway().route("serviceName=" + name + "&reqMode=tcp&srcPort=" + srcPort + "&port=" + backendPort
                + "&outboundHostname=127.0.0.1");
        return srcPort;
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        socket.setSoTimeout(30_000);
        return socket;
    }

    /** -1 on an orderly close, also -1 when the proxy reset the connection: either way the client was let go. */
    private static int readOrReset(InputStream in) throws IOException {
        try {
            ByteArrayOutputStream ignored = new ByteArrayOutputStream();
            return in.read();
        } catch (java.net.SocketException reset) {
            return -1;
        }
    }
}
