package dev.swarmgate.discovery;

import dev.swarmgate.config.dfp.DiscoverySettings;
import dev.swarmgate.docker.DockerClient;
import dev.swarmgate.docker.DockerEndpoint;
import dev.swarmgate.docker.FakeEngine;
import dev.swarmgate.docker.SwarmService;
import dev.swarmgate.docker.SwarmTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The watcher's failure handling, against {@link FakeEngine} (an engine that is missing at first and appears later
 * is a fault a real engine cannot be made to produce here); its normal work is covered against a real swarm.
 */
class SwarmWatcherTest {

    private static final String SERVICES = """
            [{"ID":"s1","Version":{"Index":3},"Spec":{"Name":"web","Labels":{"com.df.notify":"true",
              "com.df.servicePath":"/web","com.df.port":"8080"},"Mode":{"Replicated":{"Replicas":1}},
              "TaskTemplate":{"ContainerSpec":{"Image":"img"}}}},
             {"ID":"s2","Version":{"Index":4},"Spec":{"Name":"hidden","Labels":{},"Mode":{"Replicated":{"Replicas":1}}}}]
            """;
    private static final String TASKS = """
            [{"ID":"t1","ServiceID":"s1","DesiredState":"running","Status":{"State":"running"},
              "NetworksAttachments":[{"Network":{"ID":"n1","Spec":{"Name":"app"}},"Addresses":["10.0.0.7/24"]},
                                     {"Network":{"ID":"n0","Spec":{"Name":"ingress"}},"Addresses":["10.255.0.5/16"]}]},
             {"ID":"t2","ServiceID":"s1","DesiredState":"running","Status":{"State":"starting"},
              "NetworksAttachments":[{"Network":{"ID":"n1","Spec":{"Name":"app"}},"Addresses":["10.0.0.8/24"]}]}]
            """;

    @TempDir
    Path dir;

    private final List<List<String>> services = new CopyOnWriteArrayList<>();
    private final List<Map<String, List<InetAddress>>> tasks = new CopyOnWriteArrayList<>();
    private final AtomicInteger tasksListed = new AtomicInteger();
    private final SwarmObserver observer = new SwarmObserver() {
        @Override
        public void servicesChanged(List<SwarmService> marked) {
            services.add(marked.stream().map(SwarmService::name).toList());
        }

        @Override
        public void tasksChanged(Map<String, List<InetAddress>> addressesByService) {
            tasks.add(addressesByService);
        }

        @Override
        public void tasksListed(List<SwarmService> marked, List<SwarmTask> listed, TaskNetworks networks) {
            tasksListed.incrementAndGet();
        }
    };

    @Test
    void anEngineThatAppearsLateIsPickedUpByTheBackOffAndOnlyRunningTasksOffIngressCount() throws Exception {
        Path socket = dir.resolve("late.sock");
        DiscoverySettings settings = new DiscoverySettings(DiscoverySettings.Mode.ON,
                dev.swarmgate.config.dfp.NotifyLabel.DEFAULT, Duration.ofMillis(100), Duration.ofSeconds(30));
        try (DockerClient docker = new DockerClient(DockerEndpoint.unix(socket.toString()));
             SwarmWatcher watcher = new SwarmWatcher(docker, settings,
                     () -> CompletableFuture.completedFuture(TaskNetworks.ALL_BUT_INGRESS), observer).start()) {
            await().until(() -> watcher.serviceListings() >= 1);
            assertThat(services).isEmpty();

            try (FakeEngine engine = new FakeEngine(socket)) {
                engine.answer("/version", 200, "{\"ApiVersion\":\"1.43\"}")
                        .answer("/v1.43/services", 200, SERVICES)
                        .answer("/v1.43/events", FakeEngine.SILENT, "")
                        .answer("/v1.43/tasks", 200, TASKS);

                await().atMost(Duration.ofSeconds(10)).until(() -> !tasks.isEmpty());
                assertThat(services).containsExactly(List.of("web"));
                assertThat(tasks.getLast()).containsExactly(
                        Map.entry("web", List.of(InetAddress.getByName("10.0.0.7"))));
                int listings = tasks.size();
                await().until(() -> watcher.taskListings() > 5);
                assertThat(tasks).as("unchanged tasks are not reported again").hasSize(listings);
                assertThat(tasksListed).as("nor looked at again").hasValue(1);
                assertThat(engine.requests).filteredOn(r -> r.startsWith("/v1.43/tasks")).first().asString()
                        .contains("desired-state").contains("s1").doesNotContain("s2");
            }
        }
    }

    @Test
    void unchangedTasksAreListedAtTheIdleIntervalAndAChangeBringsTheShortOneBack() throws Exception {
        // The listings are counted, so an engine answering the same listing every time stands in for a quiet swarm
        // (waiting out a real engine's quiet period would cost the tier seconds and show nothing more).
        Path socket = dir.resolve("quiet.sock");
        DiscoverySettings settings = new DiscoverySettings(DiscoverySettings.Mode.ON,
                dev.swarmgate.config.dfp.NotifyLabel.DEFAULT, Duration.ofMillis(50), Duration.ofSeconds(1),
                Duration.ofSeconds(30));
        try (FakeEngine engine = new FakeEngine(socket);
             DockerClient docker = new DockerClient(DockerEndpoint.unix(socket.toString()))) {
            engine.answer("/version", 200, "{\"ApiVersion\":\"1.43\"}")
                    .answer("/v1.43/services", 200, SERVICES)
                    .answer("/v1.43/events", FakeEngine.SILENT, "")
                    .answer("/v1.43/tasks", 200, TASKS);
            try (SwarmWatcher watcher = new SwarmWatcher(docker, settings,
                    () -> CompletableFuture.completedFuture(TaskNetworks.ALL_BUT_INGRESS), observer).start()) {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> watcher.taskListings() > DiscoverySettings.QUIET_LISTINGS + 2);

                long quiet = watcher.taskListings();
                await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4))
                        .until(() -> watcher.taskListings() - quiet <= 4); // 50 at the short interval

                engine.answer("/v1.43/tasks", 200, TASKS.replace("\"starting\"", "\"running\""));
                long changed = watcher.taskListings();
                await().atMost(Duration.ofSeconds(5)).until(() -> watcher.taskListings() - changed >= 20);
                assertThat(tasks.getLast().get("web")).as("the change itself was seen").hasSize(2);
            }
        }
    }
}
