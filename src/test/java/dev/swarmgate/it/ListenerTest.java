package dev.swarmgate.it;

import dev.swarmgate.testing.Curl;
import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.NginxBackend;
import dev.swarmgate.testing.RawHttp;
import dev.swarmgate.testing.ResponseHead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Listener ports: srcPort opened and closed by configuration changes, BIND_PORTS (docs/routing.md §3). */
class ListenerTest {

    @RegisterExtension
    static final NginxBackend a = new NginxBackend("a");
    @RegisterExtension
    static final NginxBackend b = new NginxBackend("b");

    private static Curl.Response get(int port, String path) {
        return Curl.include(GatewayUnderTest.url(port, path));
    }

    @Test
    void aNewSrcPortIsBoundWhenTheReconfigureAnswersAndOnlyItsRequestsReachTheService() {
        int srcPort = FreePort.pick();
        try (GatewayUnderTest gateway = GatewayUnderTest.start()) {
            gateway.route("admin", a.port(), "servicePath=/&srcPort=" + srcPort);

            // no waiting: the 200 promises the port is live
            Curl.Response onSrcPort = get(srcPort, "/x");
            assertThat(onSrcPort.status()).isEqualTo(200);
            assertThat(onSrcPort.head().header("X-Backend")).contains("a");
            assertThat(gateway.boundPort(srcPort)).isEqualTo(srcPort);
            assertThat(get(gateway.port(), "/x").status()).as("the rule is not on the default port").isEqualTo(503);

            gateway.route("site", b.port(), "servicePath=/");

            assertThat(get(gateway.port(), "/x").head().header("X-Backend")).contains("b");
            assertThat(get(srcPort, "/x").head().header("X-Backend")).contains("a");
        }
    }

    @Test
    void aSrcPortTakenByAnotherProgramRejectsTheChangeAndKeepsThePreviousVersion() throws Exception {
        try (GatewayUnderTest gateway = GatewayUnderTest.start();
             ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            gateway.route("web", a.port(), "servicePath=/web");

            GatewayUnderTest.Reply reply = gateway.reconfigure("serviceName=web&servicePath=/web&port=" + b.port()
                    + "&outboundHostname=127.0.0.1&srcPort=" + squatter.getLocalPort());

            assertThat(reply.status()).isEqualTo(500);
            assertThat(reply.body()).contains("NOK").contains("cannot listen on port " + squatter.getLocalPort());
            assertThat(get(gateway.port(), "/web").head().header("X-Backend")).as("previous version serves")
                    .contains("a");
        }
    }

    @Test
    void aSrcPortHeldWithSoReusePortByAnotherProgramIsRefusedToo() throws Exception {
        // Swarmgate binds one SO_REUSEPORT socket per event loop; a second proxy (same user, the same option) could
        // bind beside it and silently take half its connections, unless the port is checked first.
        try (GatewayUnderTest gateway = GatewayUnderTest.start(Map.of("IO_THREADS", "2"));
             ServerSocketChannel squatter = ServerSocketChannel.open()) {
            squatter.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) squatter.getLocalAddress()).getPort();

            GatewayUnderTest.Reply reply = gateway.reconfigure("serviceName=web&servicePath=/web&port=" + b.port()
                    + "&outboundHostname=127.0.0.1&srcPort=" + port);

            assertThat(reply.status()).isEqualTo(500);
            assertThat(reply.body()).contains("cannot listen on port " + port).contains("Address already in use");
        }
    }

    @Test
    void removingTheLastServiceOnASrcPortClosesThatPort() {
        int srcPort = FreePort.pick();
        try (GatewayUnderTest gateway = GatewayUnderTest.start()) {
            gateway.route("one", a.port(), "servicePath=/one&srcPort=" + srcPort);
            gateway.route("two", b.port(), "servicePath=/two&srcPort=" + srcPort);

            assertThat(gateway.remove("one").status()).isEqualTo(200);

            assertThat(get(srcPort, "/two").head().header("X-Backend")).as("still used by 'two'").contains("b");

            assertThat(gateway.remove("two").status()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(5)).until(() -> !GatewayUnderTest.accepts(srcPort));
            assertThat(Curl.run(GatewayUnderTest.url(srcPort, "/two")).exitCode()).as("curl: connection refused")
                    .isEqualTo(7);
            assertThat(get(gateway.port(), "/").status()).as("the default port stays").isEqualTo(503);
        }
    }

    @Test
    void aBindPortsListenerServesTheSharedRules() {
        int extra = FreePort.pick();
        try (GatewayUnderTest gateway = GatewayUnderTest.start(Map.of("BIND_PORTS", String.valueOf(extra)))) {
            assertThat(get(extra, "/").status()).as("bound at start, before any service").isEqualTo(503);

            gateway.route("site", a.port(), "servicePath=/");

            assertThat(get(extra, "/x").head().header("X-Backend")).contains("a");
            assertThat(get(gateway.port(), "/x").head().header("X-Backend")).contains("a");
        }
    }

    @Test
    void aKeepAliveConnectionOnARemovedPortFinishesItsRequestInFlightThenCloses() throws Exception {
        int srcPort = FreePort.pick();
        try (RecordingBackend backend = RecordingBackend.start();
             GatewayUnderTest gateway = GatewayUnderTest.start()) {
            gateway.route("slow", backend.port(), "servicePath=/&srcPort=" + srcPort);
            try (RawHttp client = RawHttp.connect(srcPort, Duration.ofSeconds(10))) {
                client.write("GET /hold HTTP/1.1\r\nHost: a\r\n\r\n");
                assertThat(backend.awaitHeld()).as("request reached the backend").isTrue();

                assertThat(gateway.remove("slow").status()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(5)).until(() -> !GatewayUnderTest.accepts(srcPort));
                backend.release();

                ResponseHead head = client.readHead();
                assertThat(head.status()).isEqualTo(200);
                int length = Integer.parseInt(head.header("Content-Length").orElseThrow());
                assertThat(new String(client.readBytes(length), StandardCharsets.UTF_8)).startsWith("len=0 ");
                assertThat(client.isClosedByPeer()).as("closed after its last request").isTrue();
            }
        }
    }
}
