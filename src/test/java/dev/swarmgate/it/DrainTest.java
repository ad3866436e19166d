package dev.swarmgate.it;

import com.sun.net.httpserver.HttpServer;
import dev.swarmgate.testing.RawHttp;
import dev.swarmgate.testing.ResponseHead;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener that stops accepting (a take-over, SIGTERM) lets its HTTP/1.1 connections finish: one in use gets its
 * next request answered with {@code Connection: close}, one left quiet is closed after the quiet period; neither is
 * cut while a request may be on its way.
 */
class DrainTest {

    private HttpServer backend;
    private final CountDownLatch slowArrived = new CountDownLatch(1);
    private final CountDownLatch slowMayAnswer = new CountDownLatch(1);
    private GatewayUnderTest gateway;

    @BeforeEach
    void start() throws Exception {
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        backend.createContext("/app", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        backend.createContext("/slow", exchange -> {
            slowArrived.countDown();
            try {
                slowMayAnswer.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "slow".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        backend.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        backend.start();
        gateway = GatewayUnderTest.start();
        gateway.route("app", backend.getAddress().getPort(), "servicePath=/app,/slow");
    }

    @AfterEach
    void stop() {
        gateway.close();
        backend.stop(0);
    }

    @Test
    void aKeepAliveConnectionInUseGetsItsNextRequestAnsweredWithConnectionClose() {
        try (RawHttp client = RawHttp.connect(gateway.port(), Duration.ofSeconds(5))) {
            assertThat(request(client).status()).isEqualTo(200);

            gateway.runtime().gateway().stopAccepting().join();
            ResponseHead during = request(client);

            assertThat(during.status()).as("the request sent right after the drain began is served").isEqualTo(200);
            assertThat(during.header("connection")).hasValueSatisfying(value -> assertThat(value).isEqualToIgnoringCase("close"));
            assertThat(client.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void aRequestUnderWayWhenTheDrainBeginsIsAnsweredWithConnectionClose() throws Exception {
        try (RawHttp client = RawHttp.connect(gateway.port(), Duration.ofSeconds(10))) {
            client.write("GET /slow HTTP/1.1\r\nHost: drain\r\n\r\n");
            assertThat(slowArrived.await(10, TimeUnit.SECONDS)).as("the backend got the request").isTrue();

            gateway.runtime().gateway().stopAccepting().join();
            slowMayAnswer.countDown();
            ResponseHead head = client.readHead();

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("connection")).hasValueSatisfying(value -> assertThat(value).isEqualToIgnoringCase("close"));
            assertThat(new String(client.readBytes(4), StandardCharsets.US_ASCII)).isEqualTo("slow");
            assertThat(client.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void aQuietKeepAliveConnectionIsClosedAfterTheQuietPeriod() {
        try (RawHttp client = RawHttp.connect(gateway.port(), Duration.ofSeconds(10))) {
            long sent = System.nanoTime(); // the connection is quiet from a moment after this
            assertThat(request(client).status()).isEqualTo(200);

            gateway.runtime().gateway().stopAccepting().join();

            assertThat(client.isClosedByPeer()).as("closed by the proxy within the read timeout").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("not before it was quiet for a second")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    private static ResponseHead request(RawHttp client) {
        client.write("GET /app HTTP/1.1\r\nHost: drain\r\n\r\n");
        ResponseHead head = client.readHead();
        client.readBytes(Integer.parseInt(head.header("content-length").orElse("0")));
        return head;
    }
}
