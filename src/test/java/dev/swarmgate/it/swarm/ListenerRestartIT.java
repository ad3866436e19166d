package dev.swarmgate.it.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.swarm.FreshGet;
import dev.swarmgate.testing.swarm.ListenerService;
import dev.swarmgate.testing.swarm.Poll;
import dev.swarmgate.testing.swarm.ProxyService;
import dev.swarmgate.testing.swarm.RequestStream;
import dev.swarmgate.testing.swarm.Service;
import dev.swarmgate.testing.swarm.ServiceSpec;
import dev.swarmgate.testing.swarm.Swarm;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A proxy without Docker, fed by our listener ({@code LISTENER_ADDRESS=<listener service>}, the way proxies on
 * worker nodes run; the name is a stack-style {@code <stack>_listener}), keeps serving while the listener's task is replaced, and hears of a change made after that.
 */
@Tag("swarm")
class ListenerRestartIT {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerRestartIT.class);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final Swarm swarm = new Swarm();

    static Service listener;
    static int listenerPort;
    static ProxyService proxy;

    @BeforeAll
    static void startListenerBackendAndProxy() {
        listenerPort = FreePort.pick();
        // A stack-style name with an underscore (<stack>_listener), which java.net.URI does not take as a host.
        listener = swarm.create(ListenerService.spec("stack_listener").publishOnHost(ListenerService.PORT, listenerPort));
        swarm.create(routed("kept"));
        listener.awaitRunning(1);
        proxy = ProxyService.start(swarm, ProxyService.listenerFedSpec("proxy", listener.name()));
        Poll.until("first 200 on the listener-fed proxy", POLL, WAIT, () -> proxy.send(swarm.path("kept") + "/x"),
                FreshGet.Answer::ok, swarm::diagnostics);
    }

    @Test
    void proxyKeepsServingWhileItsListenerRestartsAndHearsOfChangesAfterwards() {
        long oldListenerVersion = appliedListenerVersion();
        RequestStream stream = RequestStream.start(proxy.httpPort(), swarm.path("kept") + "/x", 1);

        Instant updated = listener.update("--force");
        Poll.Seen<Boolean> down = Poll.until("the old listener stops answering", POLL, WAIT, ListenerRestartIT::pings,
                answers -> !answers, swarm::diagnostics);
        Poll.Seen<Boolean> up = Poll.until("the new listener answers", POLL, WAIT, ListenerRestartIT::pings,
                answers -> answers, swarm::diagnostics);
        // The new listener's versions start from its start time, so the proxy applying its list shows as a jump.
        Poll.Seen<Long> inStep = Poll.until("the proxy applied the new listener's list", POLL, WAIT,
                ListenerRestartIT::appliedListenerVersion, version -> version > oldListenerVersion,
                swarm::diagnostics);
        Service late = swarm.create(routed("late"));
        Instant created = Instant.now();
        Poll.Seen<Boolean> listed = Poll.until("a service created after the restart in the proxy's /config", POLL,
                WAIT, () -> proxy.admin().serves(late.name()), serves -> serves, swarm::diagnostics);
        Poll.Seen<FreshGet.Answer> served = Poll.until("first 200 from a service created after the restart", POLL,
                WAIT, () -> proxy.send(swarm.path("late") + "/x"), FreshGet.Answer::ok, swarm::diagnostics);
        RequestStream.Tally tally = stream.stop();
        Instant lateRunning = late.awaitRunning(1).getFirst().stateSince();

        LOG.info("measured listener restart: down {} ms and answering again {} ms after docker service update --force"
                        + " returned; the proxy applied its list {} ms after it answered; a service created then was"
                        + " in /config {} ms after docker service create returned, served {} ms after its task ran;"
                        + " requests to a route it had before: {}",
                Duration.between(updated, down.at()).toMillis(), Duration.between(updated, up.at()).toMillis(),
                Duration.between(up.at(), inStep.at()).toMillis(), Duration.between(created, listed.at()).toMillis(),
                Duration.between(lateRunning, served.at()).toMillis(), tally.describe());
        assertThat(tally.failed()).as(() -> "requests that failed while the listener restarted: " + tally.describe()
                + "\n" + swarm.diagnostics()).isZero();
    }

    /** The version of the listener's list the proxy applied last (it has one listener). */
    private static long appliedListenerVersion() {
        return proxy.admin().version().listenerVersions().values().stream().mapToLong(Long::longValue).max()
                .orElse(0);
    }

    private static boolean pings() {
        return FreshGet.send(listenerPort, "/v1/docker-flow-swarm-listener/ping", Duration.ofSeconds(2)).ok();
    }

    private static ServiceSpec routed(String shortName) {
        return ServiceSpec.routedBackend(shortName, swarm.path(shortName));
    }
}
