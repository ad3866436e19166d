package dev.swarmgate.it.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmgate.testing.swarm.BackendImage;
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
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swarm discovery as an operator sees it: one proxy watching Docker (socket mounted, {@code SWARM_DISCOVERY=on}),
 * and services created, relabelled and removed with the docker CLI. Each latency is measured by polling through
 * the proxy every 20 ms and logged as {@code measured ...}; docs/benchmarks.md ("Swarm discovery") has the figures.
 */
@Tag("swarm")
class LabelledServiceRoutingIT {

    private static final Logger LOG = LoggerFactory.getLogger(LabelledServiceRoutingIT.class);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration CHANGE_WAIT = Duration.ofSeconds(30);
    /**
     * The goal: 1 s from a running task to its first 200 (a service event, a listing, then at most one task
     * interval of 250 ms). Measured here at 0.2-0.3 s; docs/benchmarks.md ("Swarm discovery") has the spread.
     */
    private static final Duration ROUTABLE_AFTER_RUNNING = Duration.ofSeconds(1);
    /** How long an unlabelled service is watched for being routed: many listings and task intervals. */
    private static final Duration UNROUTED_WINDOW = Duration.ofSeconds(3);

    @RegisterExtension
    static final Swarm swarm = new Swarm();

    static ProxyService proxy;

    @BeforeAll
    static void startProxy() {
        proxy = ProxyService.start(swarm, ProxyService.spec("proxy").env("SWARM_DISCOVERY", "on"));
    }

    @Test
    void labelledServiceIsRoutableWithinASecondOfItsTaskRunning() {
        String path = swarm.path("fresh");
        Service fresh = swarm.create(ServiceSpec.routedBackend("fresh", path));
        Instant created = Instant.now();

        Poll.Seen<FreshGet.Answer> first = Poll.until("first 200 from " + fresh.name() + " through the proxy", POLL,
                Service.DEFAULT_WAIT, () -> proxy.send(path + "/hello"), FreshGet.Answer::ok, swarm::diagnostics);

        Task task = fresh.awaitRunning(1).getFirst();
        Duration afterRunning = Duration.between(task.stateSince(), first.at());
        LOG.info("measured routable after running: {} ms (task {} running at {} by docker, first 200 at {}; {} ms"
                        + " after docker service create returned)", afterRunning.toMillis(), task.id(),
                task.stateSince(), first.at(), Duration.between(created, first.at()).toMillis());
        assertThat(first.value().body()).as(() -> "the first 200\n" + swarm.diagnostics())
                .contains("host=" + task.hostname(), "path=" + path + "/hello");
        assertThat(afterRunning).as(() -> "first 200 after the task ran (Status.Timestamp " + task.stateSince()
                + ")\n" + swarm.diagnostics()).isLessThanOrEqualTo(ROUTABLE_AFTER_RUNNING);
        assertThat(proxy.admin().config().path(fresh.name()).path("servicePath").asText())
                .as(() -> "servicePath of " + fresh.name() + " in /config\n" + swarm.diagnostics()).isEqualTo(path);
    }

    @Test
    void unlabelledServiceIsNeverRouted() {
        // Every label a routed service has, but not com.df.notify.
        String path = swarm.path("quiet");
        Service quiet = swarm.create(ServiceSpec.backend("quiet").label("com.df.servicePath", path)
                .label("com.df.port", "8080"));
        quiet.awaitRunning(1);

        Instant until = Instant.now().plus(UNROUTED_WINDOW);
        int requests = 0;
        while (Instant.now().isBefore(until)) {
            FreshGet.Answer answer = proxy.send(path + "/x");
            requests++;
            assertThat(answer.status()).as(() -> "GET " + path + "/x through the proxy: " + answer.describe() + "\n"
                    + swarm.diagnostics()).isEqualTo(503);
            assertThat(proxy.admin().serves(quiet.name())).as(() -> quiet.name() + " in /config\n"
                    + swarm.diagnostics()).isFalse();
        }

        LOG.info("unlabelled service {}: {} requests in {} ms after its task ran, none routed", quiet.name(),
                requests, UNROUTED_WINDOW.toMillis());
        assertThat(quiet.logLines()).as(() -> "requests that reached " + quiet.name() + "\n" + swarm.diagnostics())
                .noneMatch(line -> line.startsWith("request "));
    }

    @Test
    void labelAddMovesTheRouteAndLabelRmOfTheNotifyLabelRemovesIt() {
        String before = swarm.path("before");
        String after = swarm.path("after");
        Service moving = swarm.create(ServiceSpec.routedBackend("moving", before));
        Poll.until("first 200 on " + before, POLL, Service.DEFAULT_WAIT, () -> proxy.send(before + "/x"),
                FreshGet.Answer::ok, swarm::diagnostics);

        moving.update("--label-add", "com.df.servicePath=" + after);
        Poll.Seen<FreshGet.Answer> moved = Poll.until("first 200 on " + after, POLL, CHANGE_WAIT,
                () -> proxy.send(after + "/x"), FreshGet.Answer::ok, swarm::diagnostics);
        // The switch is atomic: once the new path answers, the old one is gone.
        FreshGet.Answer old = proxy.send(before + "/x");
        assertThat(old.status()).as(() -> before + " after the move: " + old.describe() + "\n" + swarm.diagnostics())
                .isEqualTo(503);
        LOG.info("measured label-add servicePath to routed: {} ms after docker service update returned",
                moved.millis());

        moving.update("--label-rm", "com.df.notify");
        Poll.Seen<FreshGet.Answer> unrouted = Poll.until(after + " answers 503", POLL, CHANGE_WAIT,
                () -> proxy.send(after + "/x"), answer -> answer.status() == 503, swarm::diagnostics);
        assertThat(proxy.admin().serves(moving.name())).as(() -> moving.name() + " in /config\n"
                + swarm.diagnostics()).isFalse();
        LOG.info("measured label-rm com.df.notify to unrouted: {} ms after docker service update returned",
                unrouted.millis());
        assertThat(moving.runningTasks()).as(() -> "the service itself keeps running\n" + swarm.diagnostics())
                .hasSize(1);
    }

    /**
     * Mistakes a user makes with labels explain themselves in the proxy's log: the label named as written, a path in
     * the healthCheck flag pointed at healthCheckPath, a port where nothing listens called a refused connection.
     */
    @Test
    void labelMistakesAreNamedAsWrittenAndAPortWhereNothingListensIsCalledRefused() {
        String path = swarm.path("mislabelled");
        Service service = swarm.create(ServiceSpec.routedBackend("mislabelled", path)
                .label("com.df.healthCheck", "/health"));
        String name = service.name();
        awaitProxyLog("the healthCheck label refused", line -> line.contains("Swarm service " + name
                + " is not routed: com.df.healthCheck=/health is not a boolean"));
        assertThat(proxyLogLines()).anySatisfy(line -> assertThat(line).contains("Swarm service " + name,
                "use com.df.healthCheck=true and com.df.healthCheckPath=/health"));
        assertThat(proxy.admin().serves(name)).as(() -> name + " in /config\n" + swarm.diagnostics()).isFalse();

        service.update("--label-rm", "com.df.healthCheck", "--label-add", "com.df.port=abc");
        awaitProxyLog("the port label refused", line -> line.contains("Swarm service " + name + " is not routed:"
                + " com.df.port=abc "));

        int nothingListens = BackendImage.PORT + 1;
        service.update("--label-add", "com.df.port=" + nothingListens);
        Poll.until("502 from " + path, POLL, CHANGE_WAIT, () -> proxy.send(path + "/x"),
                answer -> answer.status() == 502, swarm::diagnostics);
        awaitProxyLog("the refused connect named", line -> line.contains(": connection refused by ")
                && line.contains("nothing listens on port " + nothingListens + " of " + name));

        service.update("--label-add", "com.df.port=" + BackendImage.PORT);
        Poll.until("first 200 on " + path + " with the right port", POLL, CHANGE_WAIT,
                () -> proxy.send(path + "/x"), FreshGet.Answer::ok, swarm::diagnostics);
    }

    private static List<String> proxyLogLines() {
        return proxy.service().logLines();
    }

    private static void awaitProxyLog(String what, Predicate<String> line) {
        Poll.until(what + " in the proxy's log", Duration.ofMillis(250), CHANGE_WAIT,
                LabelledServiceRoutingIT::proxyLogLines, lines -> lines.stream().anyMatch(line),
                () -> proxy.service().diagnostics());
    }

    @Test
    void serviceRmRemovesTheRoute() {
        String path = swarm.path("doomed");
        Service doomed = swarm.create(ServiceSpec.routedBackend("doomed", path));
        Poll.until("first 200 on " + path, POLL, Service.DEFAULT_WAIT, () -> proxy.send(path + "/x"),
                FreshGet.Answer::ok, swarm::diagnostics);

        doomed.remove();
        Instant removed = Instant.now();
        Poll.Seen<FreshGet.Answer> gone = Poll.until(path + " answers 503", POLL, CHANGE_WAIT,
                () -> proxy.send(path + "/x"), answer -> answer.status() == 503, swarm::diagnostics);
        Poll.Seen<Boolean> unlisted = Poll.until(doomed.name() + " gone from /config", POLL, CHANGE_WAIT,
                () -> proxy.admin().serves(doomed.name()), serves -> !serves, swarm::diagnostics);

        LOG.info("measured docker service rm to 503: {} ms, to gone from /config: {} ms (after the command"
                + " returned)", gone.millis(), Duration.between(removed, unlisted.at()).toMillis());
    }
}
