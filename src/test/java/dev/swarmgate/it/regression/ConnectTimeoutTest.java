package dev.swarmgate.it.regression;

import dev.swarmgate.it.GatewayUnderTest;
import dev.swarmgate.testing.RawHttp;
import dev.swarmgate.testing.ResponseHead;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, item 8: {@code TIMEOUT_CONNECT} bounds opening an HTTP backend connection. The backend that never
 * completes a handshake is a real listening socket whose accept queue is full: Linux then drops further SYNs, which
 * is what a firewall dropping them looks like to the proxy.
 */
class ConnectTimeoutTest {

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeables.reversed()) {
            closeable.close();
        }
    }

    /** A port on 127.0.0.1 that accepts no new connection: its listener's queue is full and nobody accepts. */
    private int blackHole() throws IOException {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        closeables.add(listener);
        for (int i = 0; i < 16; i++) {
            Socket filler = new Socket();
            closeables.add(filler);
            try {
                filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 300);
            } catch (SocketTimeoutException full) {
                return listener.getLocalPort();
            }
        }
        throw new IllegalStateException("the accept queue of a backlog-1 listener never filled");
    }

    @Test
    void aBackendThatDropsSynsGets504AfterTheConnectTimeoutNotTheServerTimeout() throws IOException {
        int port = blackHole();
        GatewayUnderTest gateway = GatewayUnderTest.start(Map.of("TIMEOUT_CONNECT", "1", "TIMEOUT_SERVER", "60"));
        closeables.add(gateway);
        gateway.route("demo", port, "servicePath=/demo");

        long start = System.nanoTime();
        try (RawHttp client = RawHttp.connect(gateway.port(), Duration.ofSeconds(30))) {
            ResponseHead head = client.write("GET /demo/x HTTP/1.1\r\nHost: a\r\n\r\n").readHead();
            Duration waited = Duration.ofNanos(System.nanoTime() - start);

            assertThat(head.status()).isEqualTo(504);
            // One endpoint, one attempt: the answer comes from TIMEOUT_CONNECT, far before TIMEOUT_SERVER.
            assertThat(waited).isLessThan(Duration.ofSeconds(30));
        }
    }
}
