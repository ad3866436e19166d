package dev.swarmgate.it.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.swarm.AdminApi;
import dev.swarmgate.testing.swarm.FreshGet;
import dev.swarmgate.testing.swarm.Poll;
import dev.swarmgate.testing.swarm.ProxyImage;
import dev.swarmgate.testing.swarm.RequestStream;
import dev.swarmgate.testing.swarm.Service;
import dev.swarmgate.testing.swarm.ServiceSpec;
import dev.swarmgate.testing.swarm.Swarm;
import dev.swarmgate.testing.swarm.Task;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy service itself replaced by {@code docker service update --force} under continuous requests, in the
 * configuration docs/upgrades.md gives for it: on the host network (no published ports, so Swarm schedules the new
 * task next to the old one), {@code order: start-first}, {@code TAKE_OVER=true} with {@code STATE_DIR} a host
 * directory both tasks mount, restarted only on failure, the image's health check on. The new task takes the
 * listening sockets over from the old one, which drains and exits 0: no request fails, on fresh connections or on
 * keep-alive ones.
 */
@Tag("swarm")
class ProxyStartFirstUpdateIT {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyStartFirstUpdateIT.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final int UPDATES = 3;
    private static final int FRESH_CLIENTS = 3;
    private static final int KEEP_ALIVE_CLIENTS = 2;
    private static final String PATH = "/start-first";

    @RegisterExtension
    static final Swarm swarm = new Swarm();

    private static HttpServer backend;
    private static ExecutorService backendThreads;
    private static Path stateDir;
    private static Service proxy;

    @Test
    void startFirstUpdatesOfTheProxyOnTheHostNetworkFailNoRequest() throws Exception {
        int backendPort = startBackend();
        int httpPort = FreePort.pick();
        int adminPort = FreePort.pick();
        stateDir = Files.createTempDirectory(swarm.prefix() + "state-");
        // The image's user (ServiceSpec.dockerSocket runs the proxy as 10001, as docker/stack.yml does) owns it.
        UserPrincipalLookupService users = stateDir.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(stateDir, users.lookupPrincipalByName("10001"));
        Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwx------"));

        // As ProxyService.spec, but with the image's health check: Swarm counts a task running only once it is
        // healthy, and with TAKE_OVER the check passes only once this container's proxy holds the ports, so the
        // update stops the old task only after the new one took its sockets over. Checked every 2 s (the image's
        // 30 s would make each update last 30 s).
        ServiceSpec spec = ServiceSpec.of("proxy", ProxyImage.reference())
                .dockerSocket()
                .constraint("node.role==manager")
                .flags("--health-interval", "2s")
                .onlyOnNetwork("host")
                .bindMount(stateDir.toString(), "/var/lib/swarmgate")
                .env("TAKE_OVER", "true")
                .env("SWARM_DISCOVERY", "off")
                .env("LISTEN_IP", "127.0.0.1")
                .env("DEFAULT_PORTS", String.valueOf(httpPort))
                .env("PORT", String.valueOf(adminPort))
                .env("DFP_SERVICE_1_SERVICE_NAME", "host-backend")
                .env("DFP_SERVICE_1_SERVICE_PATH", PATH)
                .env("DFP_SERVICE_1_OUTBOUND_HOSTNAME", "127.0.0.1")
                .env("DFP_SERVICE_1_PORT", String.valueOf(backendPort))
                .startFirst()
                .flags("--restart-condition", "on-failure");
        proxy = swarm.create(spec);
        proxy.awaitRunning(1);
        Poll.until("200 on " + PATH + " through the proxy", POLL, Service.DEFAULT_WAIT,
                () -> FreshGet.send(httpPort, PATH + "/ready", Duration.ofSeconds(5)), FreshGet.Answer::ok,
                proxy::diagnostics);
        assertThat(new AdminApi(adminPort).answers()).as("the admin API on 127.0.0.1:" + adminPort).isTrue();

        RequestStream fresh = RequestStream.start(httpPort, PATH, FRESH_CLIENTS);
        KeepAliveRequests keepAlive = KeepAliveRequests.start(httpPort, PATH, KEEP_ALIVE_CLIENTS);
        Poll.until("requests flowing", POLL, Service.DEFAULT_WAIT, () -> fresh.sent() + keepAlive.sent(),
                n -> n > 200, proxy::diagnostics);
        List<Long> updateMillis = new ArrayList<>();
        for (int update = 1; update <= UPDATES; update++) {
            Task old = single(proxy.runningTasks());
            long start = System.nanoTime();
            Instant since = proxy.update("--force");
            proxy.awaitUpdateCompleted(since);
            List<Task> stopped = proxy.awaitStopped(List.of(old));
            Task now = single(proxy.awaitRunning(1));
            updateMillis.add((System.nanoTime() - start) / 1_000_000);
            assertThat(stopped).as("update %d: the old task %s shut down\n%s", update, old.id(), proxy.diagnostics())
                    .allSatisfy(task -> assertThat(task.state()).isIn("shutdown", "complete"));
            assertThat(now.id()).as("update %d: a new task runs", update).isNotEqualTo(old.id());
            assertThat(now.containerId()).as("update %d: in a new container", update).isNotEqualTo(old.containerId());
            LOG.info("update {}: task {} replaced by {} in {} ms ({} fresh and {} keep-alive requests so far)", update,
                    old.id(), now.id(), updateMillis.getLast(), fresh.sent(), keepAlive.sent());
        }
        // a moment of traffic on the last task, so a failure right after the last update would be counted
        int sentBefore = fresh.sent();
        Poll.until("requests after the last update", POLL, Service.DEFAULT_WAIT, fresh::sent,
                n -> n > sentBefore + 100, proxy::diagnostics);
        RequestStream.Tally freshTally = fresh.stop();
        KeepAliveRequests.Tally keepAliveTally = keepAlive.stop();
        LOG.info("measured: {} start-first update(s) of the proxy in {} ms each; {}; {}", UPDATES, updateMillis,
                freshTally.describe(), keepAliveTally.describe());

        assertThat(freshTally.failed()).as(() -> "requests on fresh connections failed: " + freshTally.describe()
                + "\n" + proxy.diagnostics()).isZero();
        assertThat(keepAliveTally.failed()).as(() -> "requests on keep-alive connections failed: "
                + keepAliveTally.describe() + "\n" + proxy.diagnostics()).isZero();
        // The hand-overs as the tasks logged them: when each new process received the sockets, and when its
        // predecessor was told to drain by it and by Swarm's SIGTERM (the margin docs/upgrades.md talks about).
        proxy.logs().lines().filter(line -> line.contains("take-over:") || line.contains("Shutting down")
                || line.contains("Drained ")).sorted(Comparator.comparing(ProxyStartFirstUpdateIT::logTime))
                .forEach(line -> LOG.info("hand-over: {}", line));
        // the ports were handed over, not bound anew after the old task had gone: each new task says so
        long takenOver = proxy.logLines().stream().filter(line -> line.contains("socket(s) taken over")).count();
        assertThat(takenOver).as(() -> "log lines of listeners that took their sockets over\n" + proxy.diagnostics())
                .isGreaterThanOrEqualTo(UPDATES);
        assertThat(keepAliveTally.closedByProxy()).as("keep-alive connections ended by a draining proxy")
                .isPositive();
    }

    /** The time stamp a proxy log line starts with, after docker's task prefix. */
    private static String logTime(String line) {
        int bar = line.indexOf("| ");
        return bar >= 0 ? line.substring(bar + 2) : line;
    }

    private static Task single(List<Task> tasks) {
        assertThat(tasks).as(() -> "one running proxy task\n" + proxy.diagnostics()).hasSize(1);
        return tasks.getFirst();
    }

    /** A backend on 127.0.0.1 of this host, which a proxy on the host network reaches (no overlay is involved). */
    private static int startBackend() throws IOException {
        backendThreads = Executors.newFixedThreadPool(8);
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        backend.createContext("/", exchange -> {
            byte[] body = ("path=" + exchange.getRequestURI() + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        backend.setExecutor(backendThreads);
        backend.start();
        return backend.getAddress().getPort();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        // The tasks must be gone before their state directory is removed; the Swarm removes the rest afterwards.
        if (proxy != null) {
            List<Task> tasks = proxy.tasks();
            proxy.remove();
            proxy.awaitStopped(tasks);
        }
        if (backend != null) {
            backend.stop(0);
            backendThreads.shutdownNow();
        }
        if (stateDir != null) {
            try (Stream<Path> files = Files.walk(stateDir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
