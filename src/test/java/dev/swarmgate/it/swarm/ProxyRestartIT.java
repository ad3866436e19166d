package dev.swarmgate.it.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarmgate.testing.swarm.FreshGet;
import dev.swarmgate.testing.swarm.Poll;
import dev.swarmgate.testing.swarm.ProxyService;
import dev.swarmgate.testing.swarm.Service;
import dev.swarmgate.testing.swarm.ServiceSpec;
import dev.swarmgate.testing.swarm.Swarm;
import dev.swarmgate.testing.swarm.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A proxy watching Docker loses no route when its task is replaced ({@code docker service update --force}): first
 * deployed as docs/swarm.md shows it, without a volume, so the new task gets its routes from Docker's first listing;
 * then with {@code STATE_DIR} on a volume, so the new task serves the routes it remembers from its first moment.
 * The time from the new task's admin API answering to its routes being there is logged as {@code measured ...}.
 */
@Tag("swarm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxyRestartIT {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyRestartIT.class);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration ROUTES_WAIT = Duration.ofSeconds(30);
    private static final String STATE_DIR = "/var/lib/swarmgate";
    private static final Pattern SERVING = Pattern.compile("Serving (\\d+) service\\(s\\) on listener ports");
    private static final List<String> NAMES = List.of("alpha", "beta");

    @RegisterExtension
    static final Swarm swarm = new Swarm();

    static ProxyService proxy;
    static List<Service> backends;

    @BeforeAll
    static void startBackendsAndProxy() {
        backends = NAMES.stream().map(name -> swarm.create(ServiceSpec.routedBackend(name, swarm.path(name))))
                .toList();
        proxy = ProxyService.start(swarm, ProxyService.spec("proxy").env("SWARM_DISCOVERY", "on"));
        awaitEveryRouteServed();
    }

    @Test
    @Order(1)
    void restartedProxyGetsEveryRouteBackFromDocker() {
        Task before = proxy.service().awaitRunning(1).getFirst();

        ProxyService.Restart restart = proxy.restart();
        Poll.Seen<JsonNode> listed = awaitEveryRouteListed();
        Instant served = awaitEveryRouteServed();

        assertThat(proxy.service().awaitRunning(1).getFirst().id()).as(() -> "the proxy's task\n"
                + swarm.diagnostics()).isNotEqualTo(before.id());
        LOG.info("measured proxy restart without state: routes in /config {} ms and served {} ms after the new task's"
                        + " admin API answered ({} ms after docker service update --force returned)",
                Duration.between(restart.answering(), listed.at()).toMillis(),
                Duration.between(restart.answering(), served).toMillis(), restart.took().toMillis());
    }

    @Test
    @Order(2)
    void restartedProxyWithStateDirServesItsRoutesFromItsFirstAnswer() {
        // This restart adds the volume: the new task remembers the routes Docker gives it.
        proxy.restart("--mount-add", "type=volume,src=" + swarm.volume("state") + ",dst=" + STATE_DIR);
        awaitEveryRouteListed();
        awaitEveryRouteServed();

        ProxyService.Restart restart = proxy.restart();
        JsonNode config = proxy.admin().config();
        Instant checked = Instant.now();
        Instant served = awaitEveryRouteServed();

        LOG.info("measured proxy restart with STATE_DIR on a volume: {} routes in /config when first asked ({} ms"
                        + " after the admin API answered), served {} ms after it ({} ms after docker service update"
                        + " --force returned)", countRoutes(config), Duration.between(restart.answering(), checked)
                        .toMillis(), Duration.between(restart.answering(), served).toMillis(),
                restart.took().toMillis());
        assertThat(countRoutes(config)).as(() -> "routes in the first /config of the restarted proxy: " + config
                + "\n" + swarm.diagnostics()).isEqualTo(NAMES.size());
        // Its start-up line counts what it served before asking Docker anything: without a state, none (no
        // DFP_SERVICE_* here); with it, ours and whatever else is labelled on this engine.
        assertThat(proxy.service().logLines()).as(() -> "start-up lines of the proxy\n" + swarm.diagnostics())
                .anyMatch(line -> servedAtStart(line) >= NAMES.size());
    }

    /** N of a start-up line "Serving N service(s) on listener ports ...", else -1. */
    private static int servedAtStart(String line) {
        Matcher serving = SERVING.matcher(line);
        return serving.find() ? Integer.parseInt(serving.group(1)) : -1;
    }

    private static long countRoutes(JsonNode config) {
        return backends.stream().filter(backend -> config.has(backend.name())).count();
    }

    private static Poll.Seen<JsonNode> awaitEveryRouteListed() {
        return Poll.until("every backend in /config", POLL, ROUTES_WAIT, () -> proxy.admin().config(),
                config -> countRoutes(config) == NAMES.size(), swarm::diagnostics);
    }

    /** Waits until a request to each path gets a 200, and returns the moment the last one did. */
    private static Instant awaitEveryRouteServed() {
        Instant last = Instant.MIN;
        for (String path : NAMES.stream().map(swarm::path).toList()) {
            Poll.Seen<FreshGet.Answer> ok = Poll.until("200 on " + path, POLL, Service.DEFAULT_WAIT,
                    () -> proxy.send(path + "/x"), FreshGet.Answer::ok, swarm::diagnostics);
            last = ok.at().isAfter(last) ? ok.at() : last;
        }
        return last;
    }
}
