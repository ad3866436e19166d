package dev.swarmgate.testing.swarm;

import static org.awaitility.Awaitility.await;

import dev.swarmgate.testing.Curl;
import dev.swarmgate.testing.FreePort;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy under test as a swarm service, run the way Docker Flow Proxy users run theirs: the {@link ProxyImage},
 * the Docker socket bind-mounted, placed on a manager, on the test network, listening on port 80. Its port 80 and
 * its admin port 8080 are published in host mode on free ports of this machine, so the test JVM reaches it at
 * 127.0.0.1, while the backends, on the overlay only, are reachable through it alone.
 */
public final class ProxyService {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyService.class);
    public static final int HTTP_PORT = 80;
    private static final Duration READY_WAIT = Duration.ofSeconds(60);
    private static final Duration RESTART_POLL = Duration.ofMillis(20);

    private final Service service;
    private final int httpPort;
    private final int adminPort;

    private ProxyService(Service service, int httpPort, int adminPort) {
        this.service = service;
        this.httpPort = httpPort;
        this.adminPort = adminPort;
    }

    /**
     * The proxy's service spec: image, socket, placement and {@code DEFAULT_PORTS=80} (DFP's default also opens
     * 443 for TLS; a test that wants it sets DEFAULT_PORTS itself and publishes 443). Add env, labels or args,
     * then {@link #start} it. The image's user with the socket's group, as docker/stack.yml runs it. No
     * health check: with the image's, Swarm would count the task running only after its first check (30 s).
     */
    public static ServiceSpec spec(String shortName) {
        return ServiceSpec.of(shortName, ProxyImage.reference())
                .flags("--no-healthcheck")
                .dockerSocket()
                .constraint("node.role==manager")
                .env("DEFAULT_PORTS", String.valueOf(HTTP_PORT));
    }

    /**
     * A proxy fed by a Swarm listener instead of Docker, as proxies on worker nodes run: {@code LISTENER_ADDRESS}
     * set, {@code SWARM_DISCOVERY=off}, no Docker socket and no placement constraint; the image's user. No health
     * check, as {@link #spec}.
     */
    public static ServiceSpec listenerFedSpec(String shortName, String listenerAddress) {
        return ServiceSpec.of(shortName, ProxyImage.reference())
                .flags("--no-healthcheck")
                .env("DEFAULT_PORTS", String.valueOf(HTTP_PORT))
                .env("SWARM_DISCOVERY", "off")
                .env("LISTENER_ADDRESS", listenerAddress);
    }

    /**
     * Creates the proxy service from {@code spec} with its ports published on free host ports, and returns once
     * its task runs and its admin API answers from this machine.
     */
    public static ProxyService start(Swarm swarm, ServiceSpec spec) {
        long start = System.nanoTime();
        int httpPort = FreePort.pick();
        int adminPort = FreePort.pick();
        Service service = swarm.create(spec.publishOnHost(HTTP_PORT, httpPort)
                .publishOnHost(ProxyImage.ADMIN_PORT, adminPort));
        ProxyService proxy = new ProxyService(service, httpPort, adminPort);
        service.awaitRunning(1, READY_WAIT);
        proxy.awaitAdminAnswers();
        LOG.info("{}: proxy answering on 127.0.0.1:{} (admin {}) {} ms after create", service.name(), httpPort,
                adminPort, (System.nanoTime() - start) / 1_000_000);
        return proxy;
    }

    public Service service() {
        return service;
    }

    /** The host port of the proxy's port 80. */
    public int httpPort() {
        return httpPort;
    }

    /** The host port of the proxy's admin API. */
    public int adminPort() {
        return adminPort;
    }

    /** {@code http://127.0.0.1:<httpPort><path>}. */
    public String url(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    /** {@code http://127.0.0.1:<adminPort><path>}. */
    public String adminUrl(String path) {
        return "http://127.0.0.1:" + adminPort + path;
    }

    /** One {@code curl -i} through the proxy; curl's exit code is in the result (7: refused, 28: timed out). */
    public Curl.Result get(String path) {
        return Curl.run(Duration.ofSeconds(5), "-i", url(path));
    }

    /** One request through the proxy on a fresh connection: cheap enough to poll with every 20 ms. */
    public FreshGet.Answer send(String path) {
        return FreshGet.send(httpPort, path, Duration.ofSeconds(5));
    }

    /** The admin API on its published port. */
    public AdminApi admin() {
        return new AdminApi(adminPort);
    }

    /** The proxy's endpoints as {@code /v1/swarmgate/endpoints} reports them now, for a failing test's message. */
    public String endpointsReport() {
        String endpoints;
        try {
            endpoints = admin().json("/v1/swarmgate/endpoints").toString();
        } catch (RuntimeException e) {
            endpoints = e.toString();
        }
        return "--- the proxy's /v1/swarmgate/endpoints\n" + endpoints;
    }

    /**
     * When a restart happened: the update command returned, the old task stopped answering, the new one answered
     * its admin API for the first time (each seen by polling every 20 ms).
     */
    public record Restart(Instant updated, Instant stoppedAnswering, Instant answering) {

        /** From the update command to the new task answering: the admin API's downtime, roughly. */
        public Duration took() {
            return Duration.between(updated, answering);
        }
    }

    /**
     * Replaces the proxy's task ({@code docker service update --force} with {@code flags}, stop-first: the same
     * fixed host ports are then bound by the new task) and returns once the new task's admin API answers.
     */
    public Restart restart(String... flags) {
        List<String> update = new ArrayList<>(List.of("--force"));
        update.addAll(List.of(flags));
        Instant updated = service.update(update.toArray(String[]::new));
        Instant refused = Poll.until(service.name() + ": the old task stops answering", RESTART_POLL, READY_WAIT,
                () -> admin().answers(), answers -> !answers, service::diagnostics).at();
        Instant answering = Poll.until(service.name() + ": the new task answers", RESTART_POLL, READY_WAIT,
                () -> admin().answers(), answers -> answers, service::diagnostics).at();
        Restart restart = new Restart(updated, refused, answering);
        LOG.info("{}: restarted; the old task stopped answering {} ms after the update, the new one answered {} ms"
                        + " after it", service.name(), Duration.between(updated, refused).toMillis(),
                restart.took().toMillis());
        return restart;
    }

    /** Waits (bounded) until the admin API answers from this machine; fails with the service's diagnostics. */
    public void awaitAdminAnswers() {
        try {
            await(service.name() + ": admin API answers on 127.0.0.1:" + adminPort).atMost(READY_WAIT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> Curl.run(Duration.ofSeconds(2), "--output", "/dev/null", "--write-out",
                            "%{http_code}", adminUrl("/v1/docker-flow-proxy/ping")).stdout().equals("200"));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(service.name() + ": the admin API did not answer 200 on " + adminUrl(
                    "/v1/docker-flow-proxy/ping") + " within " + READY_WAIT + "\n" + service.diagnostics(), e);
        }
    }
}
