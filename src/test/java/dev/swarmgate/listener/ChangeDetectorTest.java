package dev.swarmgate.listener;

import dev.swarmgate.docker.SwarmService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.swarmgate.listener.ListenerFixture.RECONFIGURE;
import static dev.swarmgate.listener.ListenerFixture.REMOVE;
import static dev.swarmgate.listener.ListenerFixture.labels;
import static dev.swarmgate.listener.ListenerFixture.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * Which changes of the marked services become notifications (dfp-compat §5.4), driven with the lists the swarm
 * watcher would report, delivered to a real HTTP server standing in for the proxy.
 */
class ChangeDetectorTest {

    private static final String GO_DEMO_CREATE =
            "distribute=true&port=8080&replicas=1&serviceName=go-demo&servicePath=%2Fdemo";
    private static final SwarmService GO_DEMO = service("id1", "go-demo", 1, "servicePath", "/demo", "port", "8080");

    private final RecordingProxy proxy = new RecordingProxy();
    private ListenerFixture listener = new ListenerFixture(ListenerFixture.settings(proxy, 3, Duration.ofMillis(50)));

    @AfterEach
    void close() {
        listener.close();
        proxy.close();
    }

    private List<String> queriesTo(String path, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.requestsTo(path).size() >= count);
        return proxy.requestsTo(path).stream().map(RecordingProxy.Seen::query).toList();
    }

    /** Waits until every notification sent so far was delivered (or given up), so the next one cancels none. */
    private void delivered() {
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.notifier.underWay() == 0);
    }

    /** The notifications sent so far, counted when sent (not when they arrive). */
    private long sent() {
        return listener.notifier.sent();
    }

    @Test
    void theFirstListingSendsACreateForEveryMarkedService() {
        listener.detector.servicesChanged(List.of(GO_DEMO, service("id2", "api", 3, "servicePath", "/api")));

        assertThat(queriesTo(RECONFIGURE, 2)).containsExactlyInAnyOrder(GO_DEMO_CREATE,
                "distribute=true&replicas=3&serviceName=api&servicePath=%2Fapi");
        assertThat(listener.metrics.scrape()).contains("docker_flow_service_count{service=\"swarm_listener\"} 2\n");
    }

    @Test
    void aListingWithNothingTheProxyCaresAboutSendsNothing() {
        listener.detector.servicesChanged(List.of(GO_DEMO));
        long afterFirst = sent();

        // a new version index (an update of, say, the service's environment) with the same labels and image
        listener.detector.servicesChanged(List.of(new SwarmService("id1", "go-demo", GO_DEMO.labels(), 99,
                SwarmService.Mode.REPLICATED, 1, "vip", "nginx:1")));

        assertThat(sent()).isEqualTo(afterFirst);
    }

    @Test
    void aLabelChangeSendsACreateWithTheNewParameters() {
        listener.detector.servicesChanged(List.of(GO_DEMO));
        delivered();
        listener.detector.servicesChanged(List.of(service("id1", "go-demo", 1, "servicePath", "/v2", "port",
                "8080")));

        assertThat(queriesTo(RECONFIGURE, 2)).containsExactly(GO_DEMO_CREATE,
                "distribute=true&port=8080&replicas=1&serviceName=go-demo&servicePath=%2Fv2");
    }

    @Test
    void aReplicaCountChangeSendsACreateIncludingReplicasZero() {
        listener.detector.servicesChanged(List.of(GO_DEMO));
        delivered();
        listener.detector.servicesChanged(List.of(service("id1", "go-demo", 0, "servicePath", "/demo", "port",
                "8080")));

        assertThat(queriesTo(RECONFIGURE, 2).getLast())
                .isEqualTo("distribute=true&port=8080&replicas=0&serviceName=go-demo&servicePath=%2Fdemo");
    }

    @Test
    void anImageChangeSendsACreateWithTheSameParameters() {
        listener.detector.servicesChanged(List.of(GO_DEMO));
        delivered();
        listener.detector.servicesChanged(List.of(new SwarmService("id1", "go-demo", GO_DEMO.labels(), 2,
                SwarmService.Mode.REPLICATED, 1, "vip", "nginx:2")));

        assertThat(queriesTo(RECONFIGURE, 2)).containsExactly(GO_DEMO_CREATE, GO_DEMO_CREATE);
    }

    @Test
    void aRemovedServiceGetsARemoveWithTheParametersLastSent() {
        listener.detector.servicesChanged(List.of(GO_DEMO));
        delivered();
        listener.detector.servicesChanged(List.of());

        assertThat(queriesTo(REMOVE, 1))
                .containsExactly("distribute=true&port=8080&serviceName=go-demo&servicePath=%2Fdemo");
        assertThat(listener.metrics.scrape()).contains("docker_flow_service_count{service=\"swarm_listener\"} 0\n");
    }

    @Test
    void aServiceStrippedOfItsNotifyLabelGetsARemoveUnlikeInDfsl() {
        listener.detector.servicesChanged(List.of(GO_DEMO, service("id2", "api", 1, "servicePath", "/api")));
        delivered();
        // the watcher reports marked services only: without com.df.notify=true, go-demo is no longer listed
        listener.detector.servicesChanged(List.of(service("id2", "api", 1, "servicePath", "/api")));

        assertThat(queriesTo(REMOVE, 1)).containsExactly(
                "distribute=true&port=8080&serviceName=go-demo&servicePath=%2Fdemo");
    }

    @Test
    void aServiceReplacedUnderTheSameNameGetsOnlyTheCreateOfTheNewOne() {
        listener.detector.servicesChanged(List.of(GO_DEMO));
        delivered();
        long before = sent();

        listener.detector.servicesChanged(List.of(service("id9", "go-demo", 1, "servicePath", "/demo", "port",
                "8080")));

        assertThat(sent() - before).as("one create, no remove").isEqualTo(1);
        assertThat(queriesTo(RECONFIGURE, 2).getLast()).isEqualTo(GO_DEMO_CREATE);
        assertThat(proxy.requestsTo(REMOVE)).isEmpty();
    }

    @Test
    void aGlobalServiceHasNoReplicasParameter() {
        listener.detector.servicesChanged(List.of(new SwarmService("g1", "agent", labels("servicePath", "/agent"),
                1, SwarmService.Mode.GLOBAL, 0, "vip", "agent:1")));

        assertThat(queriesTo(RECONFIGURE, 1)).containsExactly("distribute=true&serviceName=agent&servicePath=%2Fagent");
    }

    @Test
    void theNamePrefixGoesBeforeTheSwarmName() {
        listener.close();
        listener = new ListenerFixture(ListenerFixture.settings(List.of(proxy.url(RECONFIGURE)), "GET", List.of(),
                0, Duration.ZERO, Duration.ofSeconds(5), "dev"));

        listener.detector.servicesChanged(List.of(GO_DEMO));

        assertThat(queriesTo(RECONFIGURE, 1))
                .containsExactly("distribute=true&port=8080&replicas=1&serviceName=dev_go-demo&servicePath=%2Fdemo");
    }

    @Test
    void resendAllSendsACreateForEveryServiceEvenUnchanged() {
        listener.detector.servicesChanged(List.of(GO_DEMO));
        delivered();

        listener.detector.resendAll();

        assertThat(queriesTo(RECONFIGURE, 2)).containsExactly(GO_DEMO_CREATE, GO_DEMO_CREATE);
    }

    @Test
    void theFeedVersionMovesOnlyWhenTheParameterSetChanges() {
        assertThat(listener.feed.current().version()).as("not listed yet").isZero();

        listener.detector.servicesChanged(List.of(GO_DEMO));
        ServiceFeed.Version first = listener.feed.current();
        listener.detector.servicesChanged(List.of(new SwarmService("id1", "go-demo", GO_DEMO.labels(), 7,
                SwarmService.Mode.REPLICATED, 1, "vip", "nginx:2")));
        ServiceFeed.Version sameSet = listener.feed.current();
        listener.detector.servicesChanged(List.of(GO_DEMO, service("id0", "api", 1, "servicePath", "/api")));
        ServiceFeed.Version grown = listener.feed.current();

        assertThat(first.version()).isEqualTo(1000);
        assertThat(first.services()).containsExactly(Map.of("distribute", "true", "port", "8080", "replicas", "1",
                "serviceName", "go-demo", "servicePath", "/demo"));
        assertThat(sameSet.version()).as("an image change is news to proxies, not to the feed").isEqualTo(1000);
        assertThat(grown.version()).isEqualTo(1001);
        assertThat(grown.services()).extracting(service -> service.get("serviceName"))
                .containsExactly("api", "go-demo");
        assertThat(grown.taskAddresses()).as("tasks not listed yet: proxies use DNS").isNull();
    }

    @Test
    void theFeedCarriesTheRunningTasksAddressesUnderTheNameTheProxiesUse() throws Exception {
        Map<String, String> stackLabels = new HashMap<>(labels("servicePath", "/web", "shortName", "true"));
        stackLabels.put("com.docker.stack.namespace", "stack");
        SwarmService shortNamed = new SwarmService("id2", "stack_web", stackLabels, 1, SwarmService.Mode.REPLICATED,
                2, "vip", "nginx:1");
        listener.detector.servicesChanged(List.of(GO_DEMO, shortNamed));
        long servicesOnly = listener.feed.current().version();
        long notifications = sent();

        listener.detector.tasksChanged(Map.of("go-demo", List.of(InetAddress.getByName("10.0.1.5")),
                "stack_web", List.of(InetAddress.getByName("10.0.1.7"), InetAddress.getByName("10.0.2.7"))));
        ServiceFeed.Version listed = listener.feed.current();
        listener.detector.tasksChanged(Map.of("go-demo", List.of(), "stack_web",
                List.of(InetAddress.getByName("10.0.1.7"), InetAddress.getByName("10.0.2.7"))));
        ServiceFeed.Version scaledDown = listener.feed.current();
        long notificationsAfterTasks = sent();
        listener.detector.servicesChanged(List.of(GO_DEMO, shortNamed, service("id3", "late", 1,
                "servicePath", "/late")));
        ServiceFeed.Version withLate = listener.feed.current();

        assertThat(listed.version()).isEqualTo(servicesOnly + 1);
        assertThat(listed.taskAddresses()).containsExactly(entry("go-demo", List.of("10.0.1.5")),
                entry("web", List.of("10.0.1.7", "10.0.2.7")));
        assertThat(scaledDown.version()).as("a task gone is news").isEqualTo(servicesOnly + 2);
        assertThat(scaledDown.taskAddresses()).containsEntry("go-demo", List.of());
        assertThat(withLate.taskAddresses()).as("a service whose tasks were not listed yet is left to DNS")
                .containsOnlyKeys("go-demo", "web");
        assertThat(notificationsAfterTasks).as("task changes notify no one").isEqualTo(notifications);
    }
}
