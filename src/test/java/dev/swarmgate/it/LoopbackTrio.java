package dev.swarmgate.it;

import com.sun.net.httpserver.HttpExchange;
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
import dev.swarmgate.server.Gateway;
import dev.swarmgate.testing.FreePort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One HTTP service standing for three real backends, JDK HTTP servers on 127.0.0.1, .2 and .3 (one port), behind a
 * real in-process {@link Gateway} whose resolver answers the service name with those three addresses: what
 * {@code tasks.<service>} gives for a three-task Swarm service. Each backend answers its index ("0", "1", "2").
 */
final class LoopbackTrio implements AutoCloseable {

    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    static final int RISE = 2;
    static final int FALL = 2;

    private final int backendPort = FreePort.pick();
    private final int listenerPort = FreePort.pick();
    private final InetAddress[] addresses = new InetAddress[3];
    private final HttpServer[] backends = new HttpServer[3];
    private final AtomicInteger[] served = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
    private final Consumer<HttpExchange> onRequest;
    private final Gateway gateway;

    /**
     * @param stickySessions the service's {@code sessionType=sticky-server}
     * @param onRequest      sees each request a backend receives (before it answers)
     */
    LoopbackTrio(String service, boolean stickySessions, Consumer<HttpExchange> onRequest) throws Exception {
        this.onRequest = onRequest;
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
                new HealthCheck(true, Optional.empty(), CHECK_INTERVAL, Duration.ofMillis(500), RISE, FALL),
                ProxyProtocol.NONE);
        ServiceSpec spec = new ServiceSpec(service, service, List.of(root), false, stickySessions);
        Settings settings = new Settings(1, "127.0.0.1", "127.0.0.1", 0,
                List.of(new ListenerSpec(listenerPort, false, false)), List.of(), Timeouts.dfpDefaults(), ",",
                DomainMatch.PREFIX, false, Optional.empty(), Optional.empty(), List.of());
        gateway.apply(Compiler.compile(GatewayConfig.of(settings, Map.of(service, spec)), 1))
                .get(5, TimeUnit.SECONDS);
    }

    Gateway gateway() {
        return gateway;
    }

    int listenerPort() {
        return listenerPort;
    }

    InetAddress address(int index) {
        return addresses[index];
    }

    /** Requests backend {@code index} answered so far. */
    int served(int index) {
        return served[index].get();
    }

    void stopBackend(int index) {
        backends[index].stop(0);
    }

    void restartBackend(int index) {
        backends[index] = backend(index);
    }

    private HttpServer backend(int index) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(addresses[index], backendPort), 64);
            byte[] body = Integer.toString(index).getBytes(StandardCharsets.US_ASCII);
            server.createContext("/", exchange -> {
                onRequest.accept(exchange);
                served[index].incrementAndGet();
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        gateway.close();
        for (HttpServer backend : backends) {
            if (backend != null) {
                backend.stop(0);
            }
        }
    }
}
