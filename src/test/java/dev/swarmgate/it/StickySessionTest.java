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
import dev.swarmgate.server.Gateway;
import dev.swarmgate.testing.FreePort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code sessionType=sticky-server} through the real data plane: one service name standing for three real backends
 * (127.0.0.1-3, same port), a real HTTP client carrying the cookie the way a browser would.
 */
class StickySessionTest {

    private static final String SERVICE = "sticky";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final int backendPort = FreePort.pick();
    private final int listenerPort = FreePort.pick();
    private final InetAddress[] addresses = new InetAddress[3];
    private final HttpServer[] backends = new HttpServer[3];
    /** Every Cookie header any backend received. */
    private final Queue<String> cookiesSeen = new ConcurrentLinkedQueue<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
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
                new HealthCheck(true, Optional.empty(), Duration.ofSeconds(1), Duration.ofMillis(500), 2, 2),
                ProxyProtocol.NONE);
        ServiceSpec sticky = new ServiceSpec(SERVICE, SERVICE, List.of(root), false, true);
        Settings settings = new Settings(1, "127.0.0.1", "127.0.0.1", 0,
                List.of(new ListenerSpec(listenerPort, false, false)), List.of(), Timeouts.dfpDefaults(), ",",
                DomainMatch.PREFIX, false, Optional.empty(), Optional.empty(), List.of());
        gateway.apply(Compiler.compile(GatewayConfig.of(settings, Map.of(SERVICE, sticky)), 1))
                .get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        client.close();
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
    void cookiePinsAClientToItsBackendUntilThatBackendGoesAwayWhileOtherClientsStay() {
        HttpResponse<String> first = get(null);
        assertThat(first.statusCode()).isEqualTo(200);
        String cookie = setCookie(first);
        assertThat(first.headers().firstValue("set-cookie")).hasValue(SERVICE + "=" + cookie + "; Path=/; HttpOnly");
        assertThat(first.headers().allValues("cache-control")).contains("no-cache=\"set-cookie\"");
        assertThat(cookie).doesNotContain("127.0.0");
        String pinned = first.body();

        for (int i = 0; i < 20; i++) {
            HttpResponse<String> again = get(cookie);
            assertThat(again.body()).as("request %d with the cookie", i).isEqualTo(pinned);
            assertThat(again.headers().firstValue("set-cookie")).as("a kept cookie is not set again").isEmpty();
        }

        // Without a cookie the algorithm spreads; remember one cookie per backend.
        Map<String, String> cookieOf = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> fresh = get(null);
            cookieOf.put(fresh.body(), setCookie(fresh));
        }
        assertThat(cookieOf).as("backends reached without a cookie").hasSize(3);
        assertThat(cookieOf.get(pinned)).isEqualTo(cookie);
        Set<String> ids = new HashSet<>(cookieOf.values());
        assertThat(ids).as("each backend has its own id").hasSize(3);

        String other = cookieOf.keySet().stream().filter(backend -> !backend.equals(pinned)).findFirst().orElseThrow();
        backends[Integer.parseInt(pinned)].stop(0);

        HttpResponse<String> moved = get(cookie);
        assertThat(moved.statusCode()).as("the first request after its backend went away").isEqualTo(200);
        assertThat(moved.body()).isNotEqualTo(pinned);
        String newCookie = setCookie(moved);
        assertThat(newCookie).isNotEqualTo(cookie).isEqualTo(cookieOf.get(moved.body()));
        for (int i = 0; i < 10; i++) {
            assertThat(get(newCookie).body()).as("the moved client stays on its new backend").isEqualTo(moved.body());
            HttpResponse<String> kept = get(cookieOf.get(other));
            assertThat(kept.body()).as("a client of a running backend keeps it").isEqualTo(other);
            assertThat(kept.headers().firstValue("set-cookie")).isEmpty();
        }
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get(cookie).statusCode()).isEqualTo(200));

        assertThat(cookiesSeen).as("Cookie headers the backends received").isNotEmpty()
                .allSatisfy(header -> assertThat(header).isEqualTo("theme=dark"));
    }

    @Test
    void cookieOfAnotherProxyOrAnUnknownIdIsReplaced() {
        HttpResponse<String> response = get("go-demo_0");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(setCookie(response)).matches("[0-9a-f]{16}");
    }

    private HttpResponse<String> get(String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + gateway.boundPort(listenerPort) + "/")).timeout(TIMEOUT);
        if (cookie != null) {
            request.header("Cookie", "theme=dark; " + SERVICE + "=" + cookie);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The id the response's Set-Cookie gives (fails when there is none). */
    private static String setCookie(HttpResponse<String> response) {
        String header = response.headers().firstValue("set-cookie").orElseThrow(
                () -> new AssertionError("no Set-Cookie in " + response.headers().map()));
        assertThat(header).startsWith(SERVICE + "=");
        return header.substring(SERVICE.length() + 1, header.indexOf(';'));
    }

    private HttpServer backend(int index) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(addresses[index], backendPort), 64);
        byte[] body = Integer.toString(index).getBytes(StandardCharsets.US_ASCII);
        server.createContext("/", exchange -> {
            exchange.getRequestHeaders().getOrDefault("Cookie", List.of()).forEach(cookiesSeen::add);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
