package dev.swarmgate.it;

import dev.swarmgate.routing.Route;
import dev.swarmgate.upstream.Endpoint;
import dev.swarmgate.upstream.EndpointGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health checking through the real data plane: one service standing for three backends (127.0.0.1-3, one port)
 * under continuous requests. A killed backend stops getting requests within fall x interval and no client request
 * fails (a refused connect moves to another endpoint, a dead pooled connection is replaced); brought back, it rejoins
 * within rise x interval.
 */
class FailoverTest {

    private static final Duration SLACK = Duration.ofMillis(900);

    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean loading = new AtomicBoolean(true);
    private final List<Thread> clients = new ArrayList<>();
    private LoopbackTrio trio;

    @BeforeEach
    void start() throws Exception {
        trio = new LoopbackTrio("web", false, exchange -> { });
    }

    @AfterEach
    void stop() throws InterruptedException {
        loading.set(false);
        for (Thread client : clients) {
            client.join(Duration.ofSeconds(10));
        }
        trio.close();
    }

    @Test
    void killedBackendIsDroppedWithinFallIntervalsWithoutFailedRequestsAndRejoinsAfterRise() {
        for (int c = 0; c < 2; c++) {
            clients.add(Thread.ofPlatform().name("client-" + c).start(this::sendUntilStopped));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> trio.served(0) > 20 && trio.served(1) > 20
                && trio.served(2) > 20);
        Route route = trio.gateway().current().table(trio.listenerPort()).match("x", "/");
        EndpointGroup group = trio.gateway().endpointGroup(route.target());
        Endpoint victim = group.endpointList().stream()
                .filter(endpoint -> endpoint.address().getAddress().equals(trio.address(1))).findFirst().orElseThrow();

        trio.stopBackend(1);
        await().atMost(LoopbackTrio.CHECK_INTERVAL.multipliedBy(LoopbackTrio.FALL).plus(SLACK))
                .until(() -> !victim.healthy());
        int servedByVictim = trio.served(1);
        int othersBefore = trio.served(0) + trio.served(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> trio.served(0) + trio.served(2) > othersBefore + 50);
        assertThat(trio.served(1)).as("requests served by the dead backend once it was unhealthy")
                .isEqualTo(servedByVictim);

        trio.restartBackend(1);
        int rejoinFrom = trio.served(1);
        await().atMost(LoopbackTrio.CHECK_INTERVAL.multipliedBy(LoopbackTrio.RISE).plus(SLACK))
                .until(victim::healthy);
        await().atMost(Duration.ofSeconds(3)).until(() -> trio.served(1) > rejoinFrom + 20);
        assertThat(failures).as("client requests that failed").isEmpty();
    }

    private void sendUntilStopped() {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            while (loading.get()) {
                try {
                    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + trio.listenerPort() + "/"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        failures.add(response.statusCode() + " " + response.body());
                    }
                } catch (IOException e) {
                    failures.add(e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
