package dev.swarmgate.it;

import com.sun.net.httpserver.HttpServer;
import dev.swarmgate.config.BalanceAlgorithm;
import dev.swarmgate.config.Destination;
import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.EndpointDiscovery;
import dev.swarmgate.config.GatewayConfig;
import dev.swarmgate.config.HealthCheck;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.PathType;
import dev.swarmgate.config.ProxyProtocol;
import dev.swarmgate.config.ReqMode;
import dev.swarmgate.config.ServiceSpec;
import dev.swarmgate.config.Settings;
import dev.swarmgate.config.Timeouts;
import dev.swarmgate.config.TrustedNetworks;
import dev.swarmgate.routing.Compiler;
import dev.swarmgate.routing.Route;
import dev.swarmgate.server.Gateway;
import dev.swarmgate.testing.FreePort;
import dev.swarmgate.upstream.Endpoint;
import dev.swarmgate.upstream.EndpointGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health checking through the real data plane: one service standing for three backends (127.0.0.1-3, one port)
 * under continuous requests. A killed backend stops getting requests within fall x interval and no client request
 * fails (a refused connect moves to another endpoint, a dead pooled connection is replaced); brought back, it rejoins
 * within rise x interval.
 */
class FailoverTest {

    private static final String SERVICE = "web";
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final int RISE = 2;
    private static final int FALL = 2;
    private static final Duration SLACK = Duration.ofMillis(900);

    private final int backendPort = FreePort.pick();
    private final int listenerPort = FreePort.pick();
    private final InetAddress[] addresses = new InetAddress[3];
    private final HttpServer[] backends = new HttpServer[3];
    private final AtomicInteger[] served = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean loading = new AtomicBoolean(true);
    private final List<Thread> clients = new ArrayList<>();
    private Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        for (int i = 0; i < 3; i++) {
            addresses[i] = InetAddress.getByName("127.0.0." + (i + 1));
            backends[i] = backend(i);
        }
        List<InetAddress> all = List.of(addresses);
        gateway = new Gateway(Optional.empty(), "127.0.0.1", 1, TrustedNetworks.EVERYONE,
                host -> CompletableFuture.completedFuture(all));
        Destination root = new Destination(0, ReqMode.HTTP, List.of("/"), PathType.PREFIX, List.of(), List.of(),
                DomainMatch.PREFIX, 0, backendPort, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), BalanceAlgorithm.ROUND_ROBIN, EndpointDiscovery.TASKS,
                new HealthCheck(true, Optional.empty(), INTERVAL, Duration.ofMillis(500), RISE, FALL),
                ProxyProtocol.NONE);
        Settings settings = new Settings(1, "127.0.0.1", "127.0.0.1", 0,
                List.of(new ListenerSpec(listenerPort, false, false)), List.of(), Timeouts.dfpDefaults(), ",",
                DomainMatch.PREFIX, false, Optional.empty(), Optional.empty(), List.of());
        gateway.apply(Compiler.compile(GatewayConfig.of(settings,
                Map.of(SERVICE, new ServiceSpec(SERVICE, SERVICE, List.of(root), false))), 1)).get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        loading.set(false);
        for (Thread client : clients) {
            client.join(Duration.ofSeconds(10));
        }
        if (gateway != null) {
            gateway.close();
        }
        for (HttpServer backend : backends) {
            if (backend != null) {
                backend.stop(0);
            }
        }
    }

    @Test
    void killedBackendIsDroppedWithinFallIntervalsWithoutFailedRequestsAndRejoinsAfterRise() throws Exception {
        for (int c = 0; c < 2; c++) {
            clients.add(Thread.ofPlatform().name("client-" + c).start(this::sendUntilStopped));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> served[0].get() > 20 && served[1].get() > 20
                && served[2].get() > 20);
        Route route = gateway.current().table(listenerPort).match("x", "/");
        EndpointGroup group = gateway.endpointGroup(route.target());
        Endpoint victim = group.endpointList().stream()
                .filter(endpoint -> endpoint.address().getAddress().equals(addresses[1])).findFirst().orElseThrow();

        backends[1].stop(0);
        await().atMost(INTERVAL.multipliedBy(FALL).plus(SLACK)).until(() -> !victim.healthy());
        int servedByVictim = served[1].get();
        int othersBefore = served[0].get() + served[2].get();
        await().atMost(Duration.ofSeconds(5)).until(() -> served[0].get() + served[2].get() > othersBefore + 50);
        assertThat(served[1].get()).as("requests served by the dead backend once it was unhealthy")
                .isEqualTo(servedByVictim);

        backends[1] = backend(1);
        int rejoinFrom = served[1].get();
        await().atMost(INTERVAL.multipliedBy(RISE).plus(SLACK)).until(victim::healthy);
        await().atMost(Duration.ofSeconds(3)).until(() -> served[1].get() > rejoinFrom + 20);
        assertThat(failures).as("client requests that failed").isEmpty();
    }

    private void sendUntilStopped() {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            while (loading.get()) {
                try {
                    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + listenerPort + "/")).timeout(Duration.ofSeconds(5))
                            .build(), HttpResponse.BodyHandlers.ofString());
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

    private HttpServer backend(int index) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(addresses[index], backendPort), 64);
        byte[] body = Integer.toString(index).getBytes(StandardCharsets.US_ASCII);
        server.createContext("/", exchange -> {
            served[index].incrementAndGet();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
