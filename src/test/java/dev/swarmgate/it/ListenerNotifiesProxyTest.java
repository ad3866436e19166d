package dev.swarmgate.it;

import dev.swarmgate.docker.SwarmService;
import dev.swarmgate.listener.ChangeDetector;
import dev.swarmgate.listener.ListenerMetrics;
import dev.swarmgate.listener.ListenerSettings;
import dev.swarmgate.listener.Notifier;
import dev.swarmgate.listener.ServiceFeed;
import dev.swarmgate.testing.NginxBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The listener's notifications, configured as an operator would (DF_NOTIFY_*_SERVICE_URL), are accepted by our own
 * proxy: a labelled service becomes a live route, a replica count of zero and a removal take it away. The swarm's
 * lists are given as {@link SwarmService} values, as the swarm watcher reports them (the real engine is in
 * ListenerSwarmTest). Docker Flow Proxy itself cannot run here (no images can be pulled), so our proxy is the peer.
 */
class ListenerNotifiesProxyTest {

    @RegisterExtension
    static final NginxBackend nginx = new NginxBackend("demo");

    @TempDir
    Path secrets;

    private GatewayUnderTest gateway;
    private Notifier notifier;
    private ChangeDetector listener;

    @BeforeEach
    void start() {
        gateway = GatewayUnderTest.startAloneInItsService(Map.of());
        String admin = "http://127.0.0.1:" + gateway.adminPort() + "/v1/docker-flow-proxy";
        ListenerSettings settings = ListenerSettings.read(Map.of(
                "DF_NOTIFY_CREATE_SERVICE_URL", admin + "/reconfigure",
                "DF_NOTIFY_REMOVE_SERVICE_URL", admin + "/remove",
                "DF_RETRY_INTERVAL", "1"), secrets);
        ListenerMetrics metrics = new ListenerMetrics();
        notifier = new Notifier(settings, metrics);
        listener = new ChangeDetector(settings, notifier, new ServiceFeed(1), metrics);
    }

    @AfterEach
    void stop() {
        notifier.close();
        gateway.close();
    }

    private static SwarmService goDemo(long replicas, String path) {
        return new SwarmService("id-go-demo", "go-demo", Map.of("com.df.notify", "true",
                "com.df.servicePath", path, "com.df.port", String.valueOf(nginx.port()),
                "com.df.outboundHostname", "127.0.0.1"), replicas, SwarmService.Mode.REPLICATED, replicas, "vip",
                "nginx:1");
    }

    private void awaitStatus(String path, int status) {
        await().atMost(Duration.ofSeconds(15)).until(() -> gateway.get(path).statusCode() == status);
    }

    @Test
    void aLabelledServiceBecomesARouteAndItsRemovalTakesItAway() {
        assertThat(gateway.get("/demo/x").statusCode()).isEqualTo(503);

        listener.servicesChanged(List.of(goDemo(1, "/demo")));
        awaitStatus("/demo/x", 200);

        listener.servicesChanged(List.of(goDemo(1, "/v2")));
        awaitStatus("/v2/x", 200);
        awaitStatus("/demo/x", 503);

        listener.servicesChanged(List.of());
        awaitStatus("/v2/x", 503);
        assertThat(gateway.admin("/v1/docker-flow-proxy/config?type=json").body()).doesNotContain("go-demo");
    }

    @Test
    void scalingToZeroReplicasTakesTheRouteAway() {
        listener.servicesChanged(List.of(goDemo(1, "/demo")));
        awaitStatus("/demo/x", 200);

        listener.servicesChanged(List.of(goDemo(0, "/demo")));

        awaitStatus("/demo/x", 503);
    }
}
