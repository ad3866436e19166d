package dev.swarmgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmgate.testing.swarm.Service;
import dev.swarmgate.testing.swarm.ServiceSpec;
import dev.swarmgate.testing.swarm.Swarm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The proxy in-process, watching the real engine: labels become routes and task changes reach the endpoint set.
 * The test JVM cannot reach task addresses on the overlay (the container-based ITs send traffic), but it can see
 * what the proxy would send to, through {@code /v1/swarmgate/endpoints}. Timings are printed for benchmarks.md;
 * the bounds asserted here are looser, for a loaded CI machine.
 */
@Tag("swarm")
class SwarmDiscoveryInProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration BOUND = Duration.ofSeconds(5);

    @RegisterExtension
    static final Swarm swarm = new Swarm();

    static GatewayUnderTest proxy;

    @BeforeAll
    static void startProxy() {
        proxy = GatewayUnderTest.start(Map.of("SWARM_DISCOVERY", "on"));
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void labelsBecomeRoutesAndTheEndpointSetFollowsTheRunningTasks() throws IOException {
        Service web = swarm.create(ServiceSpec.backend("web").replicas(1)
                .label("com.df.notify", "true").label("com.df.servicePath", "/web").label("com.df.port", "8080"));
        web.awaitRunning(1);
        long routed = millisUntil(() -> endpoints(web.name()).equals(new TreeSet<>(web.runningAddresses())));
        print("task running -> endpoint known", routed);

        web.scale(3);
        web.awaitRunning(3);
        long scaledUp = millisUntil(() -> endpoints(web.name()).equals(new TreeSet<>(web.runningAddresses())));
        print("3 tasks running -> 3 endpoints", scaledUp);
        assertThat(endpoints(web.name())).hasSize(3);

        long before = System.nanoTime();
        web.scale(1);
        long scaledDown = millisUntil(() -> endpoints(web.name()).size() == 1);
        print("scale 3 -> 1 asked -> 1 endpoint", (System.nanoTime() - before) / 1_000_000);
        assertThat(scaledDown).isNotNegative();

        web.update("--label-rm", "com.df.notify");
        long unlabelled = millisUntil(() -> !config().has(web.name()));
        print("notify label removed -> route gone", unlabelled);
    }

    @Test
    void anUnlabelledServiceIsNeverRouted() throws IOException {
        Service plain = swarm.create(ServiceSpec.backend("plain").label("com.df.servicePath", "/plain")
                .label("com.df.port", "8080"));
        Service marked = swarm.create(ServiceSpec.backend("marked").label("com.df.notify", "true")
                .label("com.df.servicePath", "/marked").label("com.df.port", "8080"));
        plain.awaitRunning(1);
        marked.awaitRunning(1);

        // Once a service created after it is routed, the unlabelled one had every chance to be.
        millisUntil(() -> config().has(marked.name()));
        assertThat(config().has(plain.name())).isFalse();
        assertThat(proxy.get("/plain").statusCode()).isEqualTo(503);
    }

    @Test
    void successfulInitReloadWaitsUntilTheSwarmsServicesAreServed() throws IOException {
        Service early = swarm.create(ServiceSpec.backend("early").label("com.df.notify", "true")
                .label("com.df.servicePath", "/early").label("com.df.port", "8080"));
        early.awaitRunning(1);

        try (GatewayUnderTest starting = GatewayUnderTest.start(Map.of("SWARM_DISCOVERY", "on"))) {
            await().atMost(BOUND).pollInterval(Duration.ofMillis(5))
                    .until(() -> starting.admin("/v1/docker-flow-proxy/successfulinitreload").status() == 200);

            assertThat(starting.admin("/v1/docker-flow-proxy/config?type=json").body()).contains(early.name());
        }
    }

    private static long millisUntil(Callable<Boolean> condition) {
        long start = System.nanoTime();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(10)).until(condition);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void print(String what, long millis) {
        System.out.printf("[swarm timing] %s: %d ms%n", what, millis);
    }

    private static JsonNode config() throws IOException {
        return JSON.readTree(proxy.admin("/v1/docker-flow-proxy/config?type=json").body());
    }

    private static Set<String> endpoints(String service) throws IOException {
        JsonNode report = JSON.readTree(proxy.admin("/v1/swarmgate/endpoints").body());
        Set<String> addresses = new TreeSet<>();
        for (JsonNode backend : report.path(service)) {
            for (JsonNode endpoint : backend.path("endpoints")) {
                String address = endpoint.path("address").asText();
                addresses.add(address.substring(0, address.lastIndexOf(':')));
            }
        }
        return addresses;
    }
}
