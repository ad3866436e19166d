package dev.swarmgate.it;

import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.Nginx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Configuration changes never disturb traffic: clients keep sending requests while hundreds of reconfigure and
 * remove calls change other services (binding and releasing their srcPorts) and the clients' own service (moving
 * it between two backends and changing its paths). Not a single request may fail.
 */
class ZeroDisruptionTest {

    private static final int CHANGES = 500;
    private static final int CLIENTS = 4;

    private Nginx blue;
    private Nginx green;
    private Nginx other;
    private GatewayUnderTest gateway;

    @BeforeEach
    void start() {
        blue = Nginx.start("blue");
        green = Nginx.start("green");
        other = Nginx.start("other");
        gateway = GatewayUnderTest.start(Map.of("TIMEOUT_HTTP_KEEP_ALIVE", "2"));
    }

    @AfterEach
    void stop() {
        gateway.close();
        blue.close();
        green.close();
        other.close();
    }

    @Test
    void continuousTrafficSeesNoFailureWhile500ChangesApply() throws Exception {
        gateway.route("client", blue.port(), "&servicePath=/client");
        int[] srcPorts = {FreePort.pick(), FreePort.pick(), FreePort.pick()};

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger requests = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Set<String> backendsSeen = ConcurrentHashMap.newKeySet();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            // Half the clients keep their connections alive, half open a new one for every request.
            boolean keepAlive = c % 2 == 0;
            clients.add(Thread.ofPlatform().name("client-" + c).start(() ->
                    sendUntilStopped(keepAlive, running, requests, failures, backendsSeen)));
        }

        for (int i = 0; i < CHANGES; i++) {
            GatewayUnderTest.Reply reply = switch (i % 5) {
                case 0 -> gateway.reconfigure("serviceName=svc" + (i % 7) + "&servicePath=/other" + (i % 7)
                        + "&port=" + other.port() + "&outboundHostname=127.0.0.1&srcPort=" + srcPorts[i % 3]);
                case 1 -> gateway.remove("svc" + ((i + 3) % 7));
                case 2 -> gateway.reconfigure("serviceName=client&servicePath=/client&outboundHostname=127.0.0.1"
                        + "&port=" + (i % 2 == 0 ? blue.port() : green.port()));
                case 3 -> gateway.reconfigure("serviceName=client&servicePath=/client,/extra" + i
                        + "&outboundHostname=127.0.0.1&port=" + (i % 2 == 0 ? blue.port() : green.port()));
                default -> gateway.reconfigure("serviceName=svc" + (i % 7) + "&serviceDomain=d" + i + ".example"
                        + "&port=" + other.port() + "&outboundHostname=127.0.0.1");
            };
            assertThat(reply.status()).as("change %d: %s", i, reply.body()).isEqualTo(200);
        }

        running.set(false);
        for (Thread client : clients) {
            client.join(Duration.ofSeconds(30));
        }
        assertThat(failures).as("failed requests").isEmpty();
        assertThat(requests.get()).as("requests sent during the changes").isGreaterThan(CHANGES);
        assertThat(backendsSeen).as("the client's own service moved between backends").contains("blue", "green");
    }

    private void sendUntilStopped(boolean keepAlive, AtomicBoolean running, AtomicInteger requests,
                                  ConcurrentLinkedQueue<String> failures, Set<String> backendsSeen) {
        HttpClient client = keepAlive ? HttpClient.newHttpClient() : null;
        try {
            while (running.get()) {
                HttpClient http = client != null ? client : HttpClient.newHttpClient();
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                    URI.create(gateway.url("/client/ping"))).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    requests.incrementAndGet();
                    if (response.statusCode() != 200) {
                        failures.add(response.statusCode() + " " + response.body());
                    }
                    response.headers().firstValue("X-Backend").ifPresent(backendsSeen::add);
                } catch (Exception e) {
                    failures.add(e.toString());
                } finally {
                    if (client == null) {
                        http.close();
                    }
                }
            }
        } finally {
            if (client != null) {
                client.close();
            }
        }
    }
}
