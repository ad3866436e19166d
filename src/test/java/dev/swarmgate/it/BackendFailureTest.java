package dev.swarmgate.it;

import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.NginxBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** What clients see when a backend fails, and that one failing route does not affect the others. */
class BackendFailureTest {

    @RegisterExtension
    static final NginxBackend nginx = new NginxBackend("ok");

    private GatewayUnderTest gateway;

    @BeforeEach
    void startProxy() {
        gateway = GatewayUnderTest.start();
        gateway.route("healthy", nginx.port(), "servicePath=/ok");
    }

    @AfterEach
    void stopProxy() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aRefusedBackendConnectionIs502() {
        gateway.route("down", FreePort.pick(), "servicePath=/down");

        HttpResponse<String> response = gateway.get("/down/x");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("502");
        assertThat(gateway.get("/ok").statusCode()).isEqualTo(200);
    }

    @Test
    void anUnresolvableBackendIs503WhileAnotherRouteKeepsAnswering() {
        gateway.route("serviceName=ghost&outboundHostname=no-such-host.invalid&port=80&servicePath=/ghost");

        assertThat(gateway.get("/ghost/x").statusCode()).isEqualTo(503);
        HttpResponse<String> healthy = gateway.get("/ok");
        assertThat(healthy.statusCode()).isEqualTo(200);
        assertThat(healthy.headers().firstValue("X-Backend")).contains("ok");
        assertThat(gateway.get("/ghost/y").statusCode()).as("still 503 on a second try").isEqualTo(503);
    }

    /** Sends GET /silent to a backend that accepts and never answers; returns the response and how long it took. */
    private record Timed(HttpResponse<String> response, Duration took, int connections) {
    }

    private Timed getFromASilentBackend(String timeoutServer) throws IOException {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // keep it open, never answer
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            gateway.route("silent", silent.getLocalPort(), "servicePath=/silent&timeoutServer=" + timeoutServer);
            long start = System.nanoTime();
            HttpResponse<String> response = gateway.get("/silent");
            return new Timed(response, Duration.ofNanos(System.nanoTime() - start), accepted.size());
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void aBackendThatAcceptsButNeverAnswersIs504() throws Exception {
        Timed timed = getFromASilentBackend("1");

        assertThat(timed.response().statusCode()).isEqualTo(504);
        assertThat(timed.response().body()).contains("504");
        assertThat(timed.connections()).as("the proxy did connect").isPositive();
        assertThat(gateway.get("/ok").statusCode()).isEqualTo(200);
    }

    @Test
    void theGatewayTimeoutComesAfterTimeoutServerNotLater() throws Exception {
        Timed timed = getFromASilentBackend("1");

        assertThat(timed.response().statusCode()).isEqualTo(504);
        assertThat(timed.took()).isBetween(Duration.ofMillis(900), Duration.ofMillis(2500));
    }

    @Test
    void aRejectedReconfigureLeavesThePreviousVersionServingAndSaysWhy() {
        gateway.route("svc", nginx.port(), "servicePath=/v1");

        GatewayUnderTest.Reply reply = gateway.reconfigure(
                "serviceName=svc&outboundHostname=127.0.0.1&servicePath=/v2&port=99999");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("\"Status\":\"NOK\"").contains("port");
        assertThat(gateway.get("/v1/x").statusCode()).isEqualTo(200);
        assertThat(gateway.get("/v2/x").statusCode()).isEqualTo(503);
    }
}
