package dev.swarmgate.it;

import com.sun.net.httpserver.HttpServer;
import dev.swarmgate.config.BackendTarget;
import dev.swarmgate.config.BalanceAlgorithm;
import dev.swarmgate.config.EndpointDiscovery;
import dev.swarmgate.config.HealthCheck;
import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.LogCapture;
import dev.swarmgate.upstream.Endpoint;
import dev.swarmgate.upstream.EndpointGroup;
import dev.swarmgate.upstream.EndpointGroups;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
 * Three real backends (127.0.0.1-3, same port) behind one endpoint group under continuous load, the way the proxy
 * uses it: pick, connect, report the outcome, retry a failed connect elsewhere.
 */
class HealthCheckTest {

    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final int RISE = 2;
    private static final int FALL = 2;
    private static final Duration SLACK = Duration.ofMillis(900);

    private final int port = FreePort.pick();
    private final HttpServer[] backends = new HttpServer[3];
    private final AtomicInteger[] served = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
    private final InetAddress[] addresses = new InetAddress[3];
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean loading = new AtomicBoolean(true);
    /**
     * Connections to the victim established before its stop returned may be reset by the stop: that is the kill,
     * not the balancing. Anything dialled after it must succeed.
     */
    private volatile long killStarted = Long.MAX_VALUE;
    private volatile long killFinished = Long.MAX_VALUE;
    private volatile Endpoint victim;
    private EndpointGroups groups;
    private Thread load;

    @AfterEach
    void stop() throws InterruptedException {
        loading.set(false);
        if (load != null) {
            load.join(5000);
        }
        if (groups != null) {
            groups.close();
        }
        for (HttpServer backend : backends) {
            if (backend != null) {
                backend.stop(0);
            }
        }
    }

    @Test
    void deadBackendStopsGettingTrafficWithinFallIntervalsWithoutFailingClientsAndRejoinsAfterRise()
            throws Exception {
        for (int i = 0; i < 3; i++) {
            addresses[i] = InetAddress.getByName("127.0.0." + (i + 1));
            backends[i] = start(i);
        }
        groups = new EndpointGroups(host -> CompletableFuture.completedFuture(List.of(addresses)));
        EndpointGroup group = groups.get(new BackendTarget("backends", port, EndpointDiscovery.NAME,
                BalanceAlgorithm.ROUND_ROBIN, new HealthCheck(true, Optional.empty(), INTERVAL,
                Duration.ofMillis(500), RISE, FALL)));
        group.whenResolved().get(5, TimeUnit.SECONDS);
        victim = group.endpointList().stream()
                .filter(e -> e.address().getAddress().equals(addresses[1])).findFirst().orElseThrow();

        load = Thread.ofPlatform().name("load").start(() -> {
            while (loading.get()) {
                request(group);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> served[1].get() > 20 && served[0].get() > 20);

        killStarted = System.nanoTime();
        backends[1].stop(0);
        killFinished = System.nanoTime();
        await().atMost(INTERVAL.multipliedBy(FALL).plus(SLACK)).until(() -> !victim.healthy());
        for (int i = 0; i < 300; i++) {
            assertThat(group.pick(0)).isNotSameAs(victim);
        }

        backends[1] = start(1);
        int before = served[1].get();
        await().atMost(INTERVAL.multipliedBy(RISE).plus(SLACK)).until(victim::healthy);
        await().atMost(Duration.ofSeconds(2)).until(() -> served[1].get() > before + 20);
        assertThat(failures).as("client requests that failed").isEmpty();
    }

    @Test
    void aRefusedProbeIsConfirmedWithinSecondsAndTheLogSaysItWasRefused() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Duration interval = Duration.ofSeconds(4);
        int fall = 3;
        groups = new EndpointGroups(host -> CompletableFuture.completedFuture(
                List.of(InetAddress.getLoopbackAddress())));
        try (LogCapture log = LogCapture.of(EndpointGroup.class)) {
            EndpointGroup group = groups.get(new BackendTarget("nothing-listens", closed, EndpointDiscovery.NAME,
                    BalanceAlgorithm.ROUND_ROBIN, new HealthCheck(true, Optional.empty(), interval,
                    Duration.ofSeconds(1), 2, fall)));
            group.whenResolved().get(5, TimeUnit.SECONDS);
            Endpoint endpoint = group.endpointList().getFirst();
            long start = System.nanoTime();

            await().atMost(Duration.ofSeconds(9)).until(() -> !endpoint.healthy());

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("one interval, then re-probes a second apart; not fall x interval (12 s)")
                    .isLessThan(interval.multipliedBy(fall).minus(Duration.ofSeconds(3)));
            assertThat(log.lines()).contains("nothing-listens:" + closed + ": endpoint 127.0.0.1:" + closed
                    + " is unhealthy after 3 failed health checks, the last: connection refused by 127.0.0.1:" + closed
                    + ": nothing listens on port " + closed + " of nothing-listens; check the port nothing-listens"
                    + " listens on inside its containers (com.df.port / port; not a published port)");
        }
    }

    private HttpServer start(int index) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(addresses[index], port), 64);
        server.createContext("/", exchange -> {
            served[index].incrementAndGet();
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes(StandardCharsets.US_ASCII));
            exchange.close();
        });
        server.start();
        return server;
    }

    /** One client request as the proxy makes it: a failed connect is reported and retried on another endpoint. */
    private void request(EndpointGroup group) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Endpoint endpoint = group.pick(0);
            if (endpoint == null) {
                failures.add("no endpoint");
                return;
            }
            endpoint.started();
            long dialledAt = Long.MAX_VALUE;
            try (Socket socket = new Socket()) {
                try {
                    dialledAt = System.nanoTime();
                    socket.connect(endpoint.address(), 1000);
                } catch (IOException refused) {
                    group.reportConnectFailure(endpoint);
                    continue;
                }
                group.reportSuccess(endpoint);
                socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                if (!response.startsWith("HTTP/1.1 200") && !caughtByTheKill(endpoint, dialledAt)) {
                    failures.add(endpoint + ": " + response + sinceKill(dialledAt));
                }
                return;
            } catch (IOException e) {
                if (!caughtByTheKill(endpoint, dialledAt)) {
                    failures.add(endpoint + ": " + e + sinceKill(dialledAt));
                }
                return;
            } finally {
                endpoint.finished();
            }
        }
        failures.add("three failed connects");
    }

    private String sinceKill(long dialledAt) {
        long now = System.nanoTime();
        return " (dialled " + (dialledAt - killFinished) / 1_000_000 + " ms after the stop returned, failed "
                + (now - killFinished) / 1_000_000 + " ms after it)";
    }

    /**
     * Whether a failure, seen now, is the stop resetting a connection to the victim that may have been established
     * before the stop returned. The kernel completes the handshake from the listening socket's backlog, so a
     * connect that began before the stop returned can be established before the close and return after it: the
     * time the dial began is the only bound the test can know, not the time {@code connect} returned.
     */
    private boolean caughtByTheKill(Endpoint endpoint, long dialledAt) {
        return endpoint == victim && System.nanoTime() >= killStarted && dialledAt <= killFinished;
    }
}
