package dev.swarmgate.it;

import dev.swarmgate.testing.WebSocketEchoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A WebSocket upgrade passes through the proxy and the connection then carries frames both ways. */
class WebSocketTunnelTest {

    private WebSocketEchoServer echo;
    private GatewayUnderTest gateway;

    @BeforeEach
    void start() throws Exception {
        echo = WebSocketEchoServer.start("/ws");
        gateway = GatewayUnderTest.start();
        gateway.route("chat", echo.port(), "&servicePath=/ws");
    }

    @AfterEach
    void stop() {
        gateway.close();
        echo.close();
    }

    @Test
    void webSocketMessagesFlowBothWaysThroughTheProxy() throws Exception {
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (HttpClient client = HttpClient.newHttpClient()) {
            WebSocket socket = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create("ws://127.0.0.1:" + gateway.port() + "/ws"), new Collector(received, new StringBuilder(), closed))
                    .get(10, TimeUnit.SECONDS);
            socket.sendText("hello", true).get(5, TimeUnit.SECONDS);
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("echo: hello");

            String large = "x".repeat(1024 * 1024);
            socket.sendText(large, true).get(10, TimeUnit.SECONDS);
            assertThat(received.poll(20, TimeUnit.SECONDS)).isEqualTo("echo: " + large);
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            assertThat(closed.get(10, TimeUnit.SECONDS)).as("close code relayed from the server")
                    .isEqualTo(WebSocket.NORMAL_CLOSURE);
        }
    }

    @Test
    void webSocketToATlsBackendTunnelsThroughTheBackendTls() throws Exception {
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (WebSocketEchoServer tlsEcho = WebSocketEchoServer.startTls("/secure");
             HttpClient client = HttpClient.newHttpClient()) {
            gateway.route("secure-chat", tlsEcho.port(), "servicePath=/secure&sslVerifyNone=true");
            WebSocket socket = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create("ws://127.0.0.1:" + gateway.port() + "/secure"),
                            new Collector(received, new StringBuilder(), closed))
                    .get(10, TimeUnit.SECONDS);
            socket.sendText("hello", true).get(5, TimeUnit.SECONDS);
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("echo: hello");
            String large = "y".repeat(256 * 1024);
            socket.sendText(large, true).get(10, TimeUnit.SECONDS);
            assertThat(received.poll(20, TimeUnit.SECONDS)).isEqualTo("echo: " + large);
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
        }
    }

    @Test
    void otherRoutesKeepWorkingOnTheSameListenerDuringATunnel() throws Exception {
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (HttpClient client = HttpClient.newHttpClient()) {
            WebSocket socket = client.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + gateway.port() + "/ws"), new Collector(received, new StringBuilder(), closed))
                    .get(10, TimeUnit.SECONDS);
            assertThat(gateway.get("/nothing-here").statusCode()).isEqualTo(503);
            socket.sendText("still here", true).get(5, TimeUnit.SECONDS);
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("echo: still here");
            socket.abort();
        }
    }

    /** Collects whole text messages (the JDK client may deliver a large one in parts). */
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();

    private record Collector(LinkedBlockingQueue<String> received, StringBuilder partial,
                             CompletableFuture<Integer> closed) implements WebSocket.Listener {

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return CompletableFuture.completedFuture(null);
        }
    }
}
