package dev.swarmgate.it.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.swarmgate.testing.Curl;
import dev.swarmgate.testing.swarm.ProxyService;
import dev.swarmgate.testing.swarm.Service;
import dev.swarmgate.testing.swarm.ServiceSpec;
import dev.swarmgate.testing.swarm.Swarm;
import dev.swarmgate.testing.swarm.Task;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole chain in a real swarm, with what the proxy has today: the proxy image runs as a service configured by
 * {@code DFP_SERVICE_*} static services, reaches the tasks of backends on the overlay through {@code tasks.<name>}
 * DNS, and the test reaches the proxy through its host-mode published port.
 */
@Tag("swarm")
class StaticServiceInSwarmIT {

    private static final Logger LOG = LoggerFactory.getLogger(StaticServiceInSwarmIT.class);
    private static final Pattern IDENTITY = Pattern.compile("host=(\\S+) ips=(\\S*) method=GET path=(\\S+)");
    private static final int REQUESTS = 20;

    @RegisterExtension
    static final Swarm swarm = new Swarm();

    static Service backend;
    static Service logged;
    static List<Task> backendTasks;
    static ProxyService proxy;

    @BeforeAll
    static void startBackendsAndProxy() {
        backend = swarm.create(ServiceSpec.backend("backend").replicas(2));
        logged = swarm.create(ServiceSpec.backend("logged"));
        backendTasks = backend.awaitRunning(2);
        logged.awaitRunning(1);
        proxy = ProxyService.start(swarm, ProxyService.spec("proxy")
                .env("DFP_SERVICE_1_SERVICE_NAME", backend.name())
                .env("DFP_SERVICE_1_SERVICE_PATH", "/smoke")
                .env("DFP_SERVICE_1_PORT", "8080")
                .env("DFP_SERVICE_2_SERVICE_NAME", logged.name())
                .env("DFP_SERVICE_2_SERVICE_PATH", "/logged")
                .env("DFP_SERVICE_2_PORT", "8080"));
    }

    @Test
    void staticServiceReachesEveryTaskOfItsBackendThroughTasksDns() {
        Map<String, String> overlayAddressByHostname = backendTasks.stream().collect(Collectors.toMap(
                Task::hostname, t -> t.addresses(swarm.network()).getFirst()));

        long start = System.nanoTime();
        Map<String, Integer> answersByHostname = new HashMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            String path = "/smoke/" + i;
            String body = okBody(path);
            Matcher identity = IDENTITY.matcher(body);
            assertThat(identity.find()).as("body of %s names its task: %s", path, body).isTrue();
            String hostname = identity.group(1);
            assertThat(overlayAddressByHostname).as("tasks of %s", backend.name()).containsKey(hostname);
            assertThat(identity.group(2).split(",")).as("addresses of task %s", hostname)
                    .contains(overlayAddressByHostname.get(hostname));
            assertThat(identity.group(3)).isEqualTo(path);
            answersByHostname.merge(hostname, 1, Integer::sum);
        }
        LOG.info("{} requests through the proxy in {} ms, answers per task: {}", REQUESTS,
                (System.nanoTime() - start) / 1_000_000, answersByHostname);

        assertThat(answersByHostname.keySet())
                .as("tasks that answered (a task missing %d times in a row by chance: 1 in 2^%d)", REQUESTS, REQUESTS)
                .containsExactlyInAnyOrderElementsOf(overlayAddressByHostname.keySet());
    }

    @Test
    void backendLogsEveryRequestItServed() {
        List<String> paths = IntStream.range(0, 3).mapToObj(i -> "/logged/" + i).toList();

        paths.forEach(StaticServiceInSwarmIT::okBody);

        await("request lines in the log of " + logged.name()).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(logged.logLines())
                        .containsAll(paths.stream().map(p -> "request GET " + p).toList()));
    }

    @Test
    void proxyImageLoadsNettysNativeEpollTransport() {
        // Netty falls back to NIO when its native library cannot load (no writable /tmp, a missing libc symbol):
        // the proxy still works, only slower, so only its start-up line tells.
        await("the proxy's start-up line naming its transport").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(proxy.service().logLines())
                        .as("log of %s", proxy.service().name())
                        .anyMatch(line -> line.contains("data plane: epoll transport")));
    }

    /** The body of a 200 through the proxy; anything else fails with the proxy's and the backends' diagnostics. */
    private static String okBody(String path) {
        Curl.Result result = proxy.get(path);
        if (result.exitCode() != 0 || result.response().status() != 200) {
            fail("GET %s through the proxy: curl exit %d%n%s%n%s%n%s%n%s", path, result.exitCode(),
                    result.exitCode() == 0 ? result.stdout() : result.stderr(), proxy.service().diagnostics(),
                    backend.diagnostics(), logged.diagnostics());
        }
        return result.response().body();
    }
}
