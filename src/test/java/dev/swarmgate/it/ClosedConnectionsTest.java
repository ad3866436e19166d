package dev.swarmgate.it;

import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.LiveInstances;
import dev.swarmgate.testing.NginxBackend;
import dev.swarmgate.testing.RawHttp;
import dev.swarmgate.testing.WebSocketEchoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections that come and go leave nothing of theirs in the proxy's heap, whatever timeouts they still had
 * pending: the frontend handler, its exchange, a tunnel's relays. A leak of this kind grows with the connection rate
 * and ends in a full heap (a spliced tunnel's idle timeout did: see {@code TcpSpliceTest}). The proxy runs in this
 * JVM; the JVM's class histogram counts what is still reachable after a full collection. Every timeout is an hour
 * away, so nothing is released by a timer firing.
 */
class ClosedConnectionsTest {

    private static final Map<String, String> HOUR_LONG_TIMEOUTS = Map.of(
            "TIMEOUT_HTTP_REQUEST", "3600", "TIMEOUT_HTTP_KEEP_ALIVE", "3600", "TIMEOUT_CLIENT", "3600",
            "TIMEOUT_SERVER", "3600", "TIMEOUT_TUNNEL", "3600");

    @RegisterExtension
    static final NginxBackend WEB = new NginxBackend("web");

    @Test
    void httpConnectionsClosedByTheClientOrAfterConnectionClose() {
        try (GatewayUnderTest gateway = GatewayUnderTest.start(HOUR_LONG_TIMEOUTS)) {
            gateway.route("web", WEB.port(), "servicePath=/");
            heldWhileOpen(gateway.port(), "GET / HTTP/1.1\r\nHost: web\r\n\r\n",
                    "dev.swarmgate.proxy.http.HttpFrontendHandler");
            for (int i = 0; i < 200; i++) {
                // Half ask the proxy to close; the others leave a keep-alive connection that the client closes.
                String close = i % 2 == 0 ? "Connection: close\r\n" : "";
                assertThat(RawHttp.exchange(gateway.port(), "GET / HTTP/1.1\r\nHost: web\r\n" + close + "\r\n")
                        .status()).isEqualTo(200);
            }
            awaitNoneLeft("dev.swarmgate.proxy.http.HttpFrontendHandler");
            awaitNoneLeft("dev.swarmgate.proxy.http.Exchange");
        }
    }

    @Test
    void webSocketTunnelsTheClientCloses() throws Exception {
        try (WebSocketEchoServer echo = WebSocketEchoServer.start("/ws");
             GatewayUnderTest gateway = GatewayUnderTest.start(HOUR_LONG_TIMEOUTS)) {
            gateway.route("chat", echo.port(), "servicePath=/ws");
            String upgrade = "GET /ws HTTP/1.1\r\nHost: chat\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
            heldWhileOpen(gateway.port(), upgrade, "dev.swarmgate.proxy.tcp.ByteRelay");
            for (int i = 0; i < 50; i++) {
                assertThat(RawHttp.exchange(gateway.port(), upgrade).status()).isEqualTo(101);
            }
            awaitNoneLeft("dev.swarmgate.proxy.http.HttpFrontendHandler");
            awaitNoneLeft("dev.swarmgate.proxy.tcp.ByteRelay");
        }
    }

    @Test
    void tcpTunnelsThroughTheBufferRelay() {
        try (GatewayUnderTest gateway = GatewayUnderTest.start(Map.of("TCP_SPLICE", "false"))) {
            int srcPort = FreePort.pick();
            gateway.route("serviceName=web-tcp&reqMode=tcp&outboundHostname=127.0.0.1&srcPort=" + srcPort + "&port="
                    + WEB.port() + "&timeoutClient=3600&timeoutTunnel=3600");
            heldWhileOpen(srcPort, "GET / HTTP/1.1\r\nHost: web\r\n\r\n", "dev.swarmgate.proxy.tcp.TcpIdleTimeout",
                    "dev.swarmgate.proxy.tcp.ByteRelay");
            for (int i = 0; i < 200; i++) {
                assertThat(RawHttp.exchange(srcPort, "GET / HTTP/1.1\r\nHost: web\r\n\r\n").status()).isEqualTo(200);
            }
            awaitNoneLeft("dev.swarmgate.proxy.tcp.TcpIdleTimeout");
            awaitNoneLeft("dev.swarmgate.proxy.tcp.ByteRelay");
        }
    }

    /** The names counted are the right ones: while a connection is open, it holds one of each. */
    private static void heldWhileOpen(int port, String request, String... classNames) {
        try (RawHttp open = RawHttp.connect(port)) {
            open.write(request).readHead();
            for (String className : classNames) {
                assertThat(LiveInstances.of(className)).as("%s objects of an open connection", className)
                        .isPositive();
            }
        }
    }

    private static void awaitNoneLeft(String className) {
        LiveInstances.awaitNoneLeft(className, "objects of closed connections");
    }
}
