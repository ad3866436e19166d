package dev.swarmgate.it.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarmgate.testing.Curl;
import dev.swarmgate.testing.swarm.FreshGet;
import dev.swarmgate.testing.swarm.ListenerService;
import dev.swarmgate.testing.swarm.Poll;
import dev.swarmgate.testing.swarm.ProxyImage;
import dev.swarmgate.testing.swarm.ProxyService;
import dev.swarmgate.testing.swarm.Service;
import dev.swarmgate.testing.swarm.ServiceSpec;
import dev.swarmgate.testing.swarm.Swarm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The mistakes a new user makes deploying services for a proxy that watches the swarm, each of which used to fail
 * silently: a routed service on no network the proxy shares (a bare 503), {@code com.df.*} set as container labels
 * instead of service labels (nothing at all), and a Swarm listener notifying a proxy that reads the swarm itself
 * (its services flipped to API). Each must now be one WARN in the proxy's log that names the service and the fix.
 */
@Tag("swarm")
class MisconfigurationWarningsIT {

    /** The docker service logs call behind each look costs ~100 ms: poll the log more slowly than the proxy. */
    private static final Duration LOG_POLL = Duration.ofMillis(300);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final Swarm swarm = new Swarm();

    static ProxyService proxy;

    @BeforeAll
    static void startProxy() {
        // dnsrr: a listener reaches it by its service name (no virtual IP in this sandbox); SERVICE_NAME as a stack
        // would set it, so a distribute=true that is applied fans out to this proxy and succeeds.
        proxy = ProxyService.start(swarm, ProxyService.spec("proxy").env("SWARM_DISCOVERY", "on")
                .env("SERVICE_NAME", swarm.prefix() + "proxy").dnsrr());
    }

    @Test
    void aRoutedServiceOnNoNetworkOfTheProxyIsWarnedOnceWithBothNetworksAndTheFix() {
        String elsewhere = swarm.createNetwork("elsewhere");
        String path = swarm.path("lonely");
        Service lonely = swarm.create(ServiceSpec.routedBackend("lonely", path).onlyOnNetwork(elsewhere));
        lonely.awaitRunning(1);

        String warning = "Swarm service " + lonely.name() + " has 1 running task(s) but none on a network this proxy"
                + " is on, so its route answers 503: this proxy is on [" + swarm.network() + "], " + lonely.name()
                + "'s tasks are on [" + elsewhere + "]";
        List<String> log = awaitProxyLog(warning);
        assertThat(log).as(() -> "the proxy's log\n" + swarm.diagnostics()).anyMatch(line -> line.contains(warning)
                && line.contains("docker service update --network-add " + swarm.network() + " " + lonely.name()));

        FreshGet.Answer answer = proxy.send(path + "/x");
        assertThat(answer.status()).as(() -> answer.describe() + "\n" + swarm.diagnostics()).isEqualTo(503);
        JsonNode backends = proxy.admin().json("/v1/swarmgate/endpoints").path(lonely.name());
        assertThat(backends.path(0).path("endpoints").size()).as(backends::toString).isZero();
        assertThat(backends.path(0).path("problem").asText()).as(backends::toString)
                .contains("1 running task(s), none on a network this proxy is on")
                .contains("--network-add " + swarm.network() + " " + lonely.name());
        // Many task listings (every 250 ms) later: still the one warning.
        assertThat(proxyLog()).as(() -> "the proxy's log\n" + swarm.diagnostics())
                .filteredOn(line -> line.contains(warning)).hasSize(1);
    }

    @Test
    void notifyLabelsSetAsContainerLabelsAreWarnedWithTheFix() {
        String path = swarm.path("hidden");
        Service hidden = swarm.create(ServiceSpec.backend("hidden").containerLabel("com.df.notify", "true")
                .containerLabel("com.df.servicePath", path).containerLabel("com.df.port", "8080"));

        String warning = "Swarm service " + hidden.name() + " has com.df.notify, com.df.port, com.df.servicePath as"
                + " container labels, not service labels: the proxy reads service labels only, so it does not route "
                + hidden.name();
        List<String> log = awaitProxyLog(warning);
        assertThat(log).as(() -> "the proxy's log\n" + swarm.diagnostics()).anyMatch(line -> line.contains(warning)
                && line.contains("deploy: labels:") && line.contains("--label-add com.df.notify=true")
                && line.contains("not --container-label"));
        assertThat(log).as("label values are never logged").noneMatch(line -> line.contains(path));
        assertThat(proxy.admin().serves(hidden.name())).isFalse();
    }

    @Test
    void aListenerNotifyingAProxyThatWatchesTheSwarmIsWarnedAndItsNotificationsChangeNothing() {
        String path = swarm.path("echoed");
        Service echoed = swarm.create(ServiceSpec.routedBackend("echoed", path));
        Poll.until("first 200 on " + path, POLL, WAIT, () -> proxy.send(path + "/x"), FreshGet.Answer::ok,
                swarm::diagnostics);

        // As the listener snippet of docs/swarm.md: a listener notifying the proxy that already reads the swarm. It
        // notifies every marked service at its start, so the notification about echoed comes after the proxy's own
        // listing routed it.
        String admin = "http://" + proxy.service().name() + ":" + ProxyImage.ADMIN_PORT + "/v1/docker-flow-proxy/";
        Service listener = swarm.create(ListenerService.spec("listener")
                .env("DF_NOTIFY_CREATE_SERVICE_URL", admin + "reconfigure")
                .env("DF_NOTIFY_REMOVE_SERVICE_URL", admin + "remove")
                .env("DF_RETRY_INTERVAL", "1"));
        listener.awaitRunning(1);

        String ignored = "reconfigure serviceName=" + echoed.name() + " not applied: it is routed from its swarm"
                + " labels";
        List<String> log = awaitProxyLog(ignored);
        assertThat(log).as(() -> "the proxy's log\n" + swarm.diagnostics()).anyMatch(line ->
                line.contains("ignored: this proxy reads the swarm itself (Swarm discovery is on)")
                        && line.contains("remove the DF_NOTIFY_CREATE_SERVICE_URL")
                        && line.contains("LISTENER_ADDRESS and without the Docker socket"));

        Curl.Result config = Curl.run(Duration.ofSeconds(5), proxy.adminUrl("/v1/docker-flow-proxy/config"));
        assertThat(config.stdout()).as(() -> "the service keeps its source\n" + config.stdout())
                .contains("  " + echoed.name() + " (SWARM)");
        assertThat(proxy.send(path + "/x").ok()).isTrue();
        // The proxy answered 200: the listener had nothing to retry (it would have within DF_RETRY_INTERVAL=1 s).
        // Only echoed's notifications count: other services of this shared swarm may have labels the proxy refuses.
        String aboutEchoed = "serviceName=" + echoed.name() + "&";
        assertThat(listener.logLines()).as(() -> "the listener's log\n" + listener.diagnostics())
                .anyMatch(line -> line.contains("Sending service created notification to http://"
                        + proxy.service().name()) && line.contains(aboutEchoed))
                .noneMatch(line -> line.contains("Retrying service created notification")
                        && line.contains(aboutEchoed));
    }

    private static List<String> awaitProxyLog(String text) {
        return Poll.until("the proxy logs: " + text, LOG_POLL, WAIT, MisconfigurationWarningsIT::proxyLog,
                lines -> lines.stream().anyMatch(line -> line.contains(text)), swarm::diagnostics).value();
    }

    private static List<String> proxyLog() {
        return proxy.service().logLines();
    }
}
