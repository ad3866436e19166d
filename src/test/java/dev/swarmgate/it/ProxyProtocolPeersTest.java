package dev.swarmgate.it;

import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.HAProxy;
import dev.swarmgate.testing.Nginx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROXY protocol against independent implementations (docs/proxy-protocol.md): nginx ({@code listen ...
 * proxy_protocol}) receives what {@code sendProxy} sends, and HAProxy ({@code send-proxy}, {@code send-proxy-v2})
 * sends to an {@code accept-proxy} listener; v1 and v2, IPv4 and IPv6 clients.
 */
class ProxyProtocolPeersTest {

    private static Nginx receiver;
    private static Nginx plain;

    @BeforeAll
    static void backends() {
        receiver = Nginx.builder("pp").proxyProtocol()
                .location("location = /pp { return 200 \"$proxy_protocol_addr $proxy_protocol_port\\n\"; }")
                .start();
        plain = Nginx.start("plain");
    }

    @AfterAll
    static void stopBackends() {
        receiver.close();
        plain.close();
    }

    /** A response read to the end, and the local port the client connected from. */
    private record Answer(String text, int clientPort) {
        String body() {
            int end = text.indexOf("\r\n\r\n");
            return end < 0 ? "" : text.substring(end + 4);
        }

        String header(String name) {
            for (String line : text.substring(0, Math.max(0, text.indexOf("\r\n\r\n"))).split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }
    }

    /** {@code GET path} with {@code Connection: close} from a socket to {@code host:port}, after {@code prefix}. */
    private static Answer get(String host, int port, String path, byte[] prefix) {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            try {
                socket.getOutputStream().write(prefix);
                socket.getOutputStream().write(("GET " + path
                        + " HTTP/1.1\r\nHost: pp.test\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            } catch (SocketException refused) {
                // The peer closed (or reset) before the request was written: a refusal, answered with nothing.
                return new Answer("", socket.getLocalPort());
            }
            return new Answer(readToEnd(socket.getInputStream()), socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " via " + host + ":" + port, e);
        }
    }

    private static Answer get(String host, int port, String path) {
        return get(host, port, path, new byte[0]);
    }

    /** Everything until the peer closes; a reset counts as the end (the proxy may refuse that way). */
    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // connection reset by peer: what was read so far is the answer
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    // ---- sending: nginx is the receiving backend -----------------------------------------------------------

    @ParameterizedTest(name = "sendProxy={0}, client {1}")
    @CsvSource({"v1, 127.0.0.1, 127.0.0.1", "v2, 127.0.0.1, 127.0.0.1", "v1, ::1, ::1", "v2, ::1, ::1"})
    void nginxBehindSendProxySeesTheOriginalClient(String version, String listenIp, String expectedAddress) {
        try (GatewayUnderTest gateway = GatewayUnderTest.start(Map.of("LISTEN_IP", listenIp))) {
            gateway.route("pp", receiver.port(), "servicePath=/pp&sendProxy=" + version);
            Answer first = get(listenIp, gateway.port(), "/pp");
            assertThat(first.text()).as("response through sendProxy=%s", version).startsWith("HTTP/1.1 200");
            assertThat(first.body()).isEqualTo(expectedAddress + " " + first.clientPort() + "\n");
            // A second client connection gets a fresh backend connection with its own header, never a pooled one.
            Answer second = get(listenIp, gateway.port(), "/pp");
            assertThat(second.body()).isEqualTo(expectedAddress + " " + second.clientPort() + "\n");
        }
    }

    @ParameterizedTest(name = "reqMode=tcp sendProxy={0}")
    @CsvSource({"v1", "v2"})
    void tcpServiceSendsTheClientAddressToNginxInAProxyHeader(String version) {
        int srcPort = FreePort.pick();
        try (GatewayUnderTest gateway = GatewayUnderTest.start()) {
            gateway.route("tcp-pp", receiver.port(), "reqMode=tcp&srcPort=" + srcPort + "&sendProxy=" + version);
            Answer answer = get("127.0.0.1", srcPort, "/pp");
            assertThat(answer.text()).as("HTTP relayed byte for byte through reqMode=tcp").startsWith("HTTP/1.1 200");
            assertThat(answer.body()).isEqualTo("127.0.0.1 " + answer.clientPort() + "\n");
        }
    }

    @Test
    void withoutSendProxyNginxRefusesTheHeaderlessConnection() {
        try (GatewayUnderTest gateway = GatewayUnderTest.start()) {
            gateway.route("pp", receiver.port(), "servicePath=/pp");
            assertThat(get("127.0.0.1", gateway.port(), "/pp").text()).doesNotStartWith("HTTP/1.1 200");
        }
    }

    // ---- accepting: HAProxy is the sender ------------------------------------------------------------------

    private static HAProxy haproxyInFrontOf(int swarmgatePort, int v1Port, int v2Port) {
        return HAProxy.start("""
                frontend v1
                    bind 127.0.0.1:%1$d
                    bind [::1]:%1$d
                    default_backend swarmgate_v1
                frontend v2
                    bind 127.0.0.1:%2$d
                    bind [::1]:%2$d
                    default_backend swarmgate_v2
                backend swarmgate_v1
                    server s 127.0.0.1:%3$d send-proxy
                backend swarmgate_v2
                    server s 127.0.0.1:%3$d send-proxy-v2
                """.formatted(v1Port, v2Port, swarmgatePort),
                List.of(HAProxy.ipv4(v1Port), HAProxy.ipv6(v1Port), HAProxy.ipv4(v2Port), HAProxy.ipv6(v2Port)));
    }

    private static GatewayUnderTest acceptProxyGateway(Map<String, String> more) {
        Map<String, String> env = new java.util.HashMap<>(more);
        env.put("DEFAULT_PORTS", FreePort.pick() + " accept-proxy");
        return GatewayUnderTest.start(env);
    }

    @Test
    void haproxySendProxyV1AndV2GiveTheClientAddressToXForwardedForAndOnward() {
        int v1 = FreePort.pick();
        int v2 = FreePort.pick();
        try (GatewayUnderTest gateway = acceptProxyGateway(Map.of());
             HAProxy haproxy = haproxyInFrontOf(gateway.port(), v1, v2)) {
            gateway.route("xff", plain.port(), "servicePath=/xff");
            gateway.route("pp", receiver.port(), "servicePath=/pp&sendProxy=v2");
            for (int port : new int[] {v1, v2}) {
                Answer ipv4 = get("127.0.0.1", port, "/xff");
                assertThat(ipv4.header("X-Seen-XFF")).as("%s\n%s", ipv4.text(), haproxy.output())
                        .isEqualTo("127.0.0.1");
                Answer ipv6 = get("::1", port, "/xff");
                assertThat(ipv6.header("X-Seen-XFF")).as(ipv6.text()).isEqualTo("0:0:0:0:0:0:0:1");
                // The address HAProxy sent is the one Swarmgate sends on: nginx sees the client, port included.
                Answer onward = get("::1", port, "/pp");
                assertThat(onward.body()).isEqualTo("::1 " + onward.clientPort() + "\n");
                Answer onward4 = get("127.0.0.1", port, "/pp");
                assertThat(onward4.body()).isEqualTo("127.0.0.1 " + onward4.clientPort() + "\n");
            }
        }
    }

    @Test
    void acceptProxyListenerClosesAConnectionWithoutAHeader() {
        try (GatewayUnderTest gateway = acceptProxyGateway(Map.of())) {
            gateway.route("xff", plain.port(), "servicePath=/xff");
            assertThat(get("127.0.0.1", gateway.port(), "/xff").text()).isEmpty();
            // Our own well-formed header is read like HAProxy's.
            Answer withHeader = get("127.0.0.1", gateway.port(), "/xff",
                    "PROXY TCP4 203.0.113.7 127.0.0.1 5000 80\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(withHeader.header("X-Seen-XFF")).isEqualTo("203.0.113.7");
        }
    }

    @Test
    void acceptProxyListenerClosesPeersOutsideTheTrustedNetworks() {
        int v1 = FreePort.pick();
        int v2 = FreePort.pick();
        try (GatewayUnderTest gateway = acceptProxyGateway(Map.of("PROXY_PROTOCOL_TRUSTED_NETWORKS", "10.0.0.0/8"));
             HAProxy haproxy = haproxyInFrontOf(gateway.port(), v1, v2)) {
            gateway.route("xff", plain.port(), "servicePath=/xff");
            assertThat(get("127.0.0.1", v1, "/xff").text()).as(haproxy.output()).isEmpty();
            assertThat(get("127.0.0.1", v2, "/xff").text()).isEmpty();
            assertThat(get("127.0.0.1", gateway.port(), "/xff",
                    "PROXY TCP4 10.1.1.1 127.0.0.1 5000 80\r\n".getBytes(StandardCharsets.US_ASCII)).text()).isEmpty();
        }
    }

    @Test
    void trustedNetworksAdmitListedPeers() {
        try (GatewayUnderTest gateway = acceptProxyGateway(
                Map.of("PROXY_PROTOCOL_TRUSTED_NETWORKS", "10.0.0.0/8,127.0.0.0/8"))) {
            gateway.route("xff", plain.port(), "servicePath=/xff");
            Answer answer = get("127.0.0.1", gateway.port(), "/xff",
                    "PROXY TCP4 198.51.100.2 127.0.0.1 5000 80\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(answer.header("X-Seen-XFF")).isEqualTo("198.51.100.2");
        }
    }

    @Test
    void v2LocalCommandKeepsTheSocketAddress() {
        try (GatewayUnderTest gateway = acceptProxyGateway(Map.of())) {
            gateway.route("xff", plain.port(), "servicePath=/xff");
            io.netty.buffer.ByteBuf local = dev.swarmgate.proxyprotocol.ProxyHeaders.encode(
                    io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, dev.swarmgate.config.ProxyProtocol.V2, null, null);
            byte[] header = io.netty.buffer.ByteBufUtil.getBytes(local);
            local.release();
            assertThat(get("127.0.0.1", gateway.port(), "/xff", header).header("X-Seen-XFF")).isEqualTo("127.0.0.1");
        }
    }
}
