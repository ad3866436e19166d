package dev.swarmgate.it.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.swarm.FreshGet;
import dev.swarmgate.testing.swarm.ListenerService;
import dev.swarmgate.testing.swarm.Poll;
import dev.swarmgate.testing.swarm.Service;
import dev.swarmgate.testing.swarm.ServiceSpec;
import dev.swarmgate.testing.swarm.Swarm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our listener, deployed as Docker Flow Swarm Listener is, notifies an HTTP endpoint on the overlay in exactly
 * DFSL's format: the backend image stands in for the proxy and logs every request line it gets, query included.
 */
@Tag("swarm")
class ListenerNotificationsIT {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerNotificationsIT.class);
    /** The docker service logs call behind each look costs ~100 ms: poll the log more slowly than the proxy. */
    private static final Duration LOG_POLL = Duration.ofMillis(200);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final Swarm swarm = new Swarm();

    static Service recorder;

    @BeforeAll
    static void startRecorderAndListener() {
        recorder = swarm.create(ServiceSpec.backend("recorder").dnsrr());
        int listenerPort = FreePort.pick();
        String notified = "http://" + recorder.name() + ":8080/v1/docker-flow-proxy/";
        Service listener = swarm.create(ListenerService.spec("listener")
                .env("DF_NOTIFY_CREATE_SERVICE_URL", notified + "reconfigure")
                .env("DF_NOTIFY_REMOVE_SERVICE_URL", notified + "remove")
                .publishOnHost(ListenerService.PORT, listenerPort));
        recorder.awaitRunning(1);
        listener.awaitRunning(1);
        Poll.until("the listener answers its ping", Duration.ofMillis(100), WAIT, () -> FreshGet.send(listenerPort,
                "/v1/docker-flow-swarm-listener/ping", Duration.ofSeconds(2)).ok(), ok -> ok, swarm::diagnostics);
    }

    @Test
    void createAndRemoveNotificationsCarryDfslsExactQuery() {
        Service demo = swarm.create(ServiceSpec.routedBackend("demo", "/demo"));
        String create = "request GET /v1/docker-flow-proxy/reconfigure?distribute=true&port=8080&replicas=1"
                + "&serviceName=" + demo.name() + "&servicePath=%2Fdemo";
        Poll.Seen<List<String>> created = awaitRecorded(create);

        demo.remove();
        String remove = "request GET /v1/docker-flow-proxy/remove?distribute=true&port=8080"
                + "&serviceName=" + demo.name() + "&servicePath=%2Fdemo";
        Poll.Seen<List<String>> removed = awaitRecorded(remove);

        LOG.info("listener notifications in the recorder's log {} ms after docker service create and {} ms after"
                + " docker service rm returned (log read every {} ms)", created.millis(), removed.millis(),
                LOG_POLL.toMillis());
        List<String> aboutDemo = removed.value().stream().filter(line -> line.contains("=" + demo.name() + "&"))
                .toList();
        assertThat(aboutDemo).as(() -> "notifications about " + demo.name() + "\n" + swarm.diagnostics())
                .containsExactly(create, remove);
    }

    private static Poll.Seen<List<String>> awaitRecorded(String line) {
        return Poll.until("the recorder logs: " + line, LOG_POLL, WAIT, recorder::logLines,
                lines -> lines.contains(line), swarm::diagnostics);
    }
}
