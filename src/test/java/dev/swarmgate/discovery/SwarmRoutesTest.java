package dev.swarmgate.discovery;

import dev.swarmgate.config.Settings;
import dev.swarmgate.config.dfp.DfpSettings;
import dev.swarmgate.config.dfp.NotifyLabel;
import dev.swarmgate.config.dfp.ServiceParameters;
import dev.swarmgate.docker.SwarmService;
import dev.swarmgate.store.ConfigStore;
import dev.swarmgate.store.ReconfigureJournal;
import dev.swarmgate.store.ReconfigureJournal.Outcome;
import dev.swarmgate.store.Source;
import dev.swarmgate.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Marked swarm services through the DFSL translation and the API's parser into a real store. */
class SwarmRoutesTest {

    private final Settings settings = DfpSettings.read(Map.of(), Path.of("/nonexistent-secrets"));
    private final ReconfigureJournal journal = new ReconfigureJournal();
    private final ConfigStore store = new ConfigStore(settings, journal);
    private final AtomicReference<Map<String, List<InetAddress>>> endpoints = new AtomicReference<>();
    private final SwarmRoutes routes = new SwarmRoutes(new ServiceParameters(settings), store, NotifyLabel.DEFAULT,
            endpoints::set, journal);

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void markedServicesBecomeSwarmRoutesAndLeaveWhenUnmarkedOrScaledToZero() {
        routes.servicesChanged(List.of(service("1", "web", 2, "com.df.servicePath", "/web", "com.df.port", "80"),
                service("2", "api", 1, "com.df.servicePath", "/api", "com.df.port", "80")));
        await().until(() -> store.services().keySet().equals(java.util.Set.of("api", "web")));
        assertThat(store.services().get("web").source()).isEqualTo(Source.SWARM);
        assertThat(store.services().get("web").parameters()).containsEntry("replicas", List.of("2"));

        routes.servicesChanged(List.of(service("1", "web", 0, "com.df.servicePath", "/web", "com.df.port", "80")));

        await().until(() -> store.services().isEmpty());
    }

    @Test
    void badLabelsKeepThePreviousVersionAndNeverTouchOtherServices() {
        routes.servicesChanged(List.of(service("1", "web", 1, "com.df.servicePath", "/web", "com.df.port", "80"),
                service("2", "api", 1, "com.df.servicePath", "/api", "com.df.port", "80")));
        await().until(() -> store.services().size() == 2);

        routes.servicesChanged(List.of(service("1", "web", 1, "com.df.servicePath", "/web", "com.df.port", "x"),
                service("2", "api", 1, "com.df.servicePath", "/api2", "com.df.port", "80")));

        await().until(() -> store.services().get("api").spec().destinations().getFirst().paths()
                .equals(List.of("/api2")));
        assertThat(store.services().get("web").parameters()).containsEntry("port", List.of("80"));
    }

    @Test
    void aBadLabelIsNamedAsTheUserWroteItInTheLog() {
        try (LogCapture log = LogCapture.of(SwarmRoutes.class)) {
            routes.servicesChanged(List.of(service("1", "web", 1, "com.df.servicePath.1", "/web",
                    "com.df.port.1", "abc"),
                    service("2", "api", 1, "com.df.servicePath", "/api", "com.df.port", "80")));
            await().until(() -> store.services().containsKey("api"));

            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .startsWith("Swarm service web is not routed: com.df.port.1=abc ")
                    .doesNotContain("serviceName web:", "not valid, so"));
        }
    }

    @Test
    void aHealthCheckLabelGivenAPathRejectsTheServiceAndPointsAtHealthCheckPath() {
        routes.servicesChanged(List.of(service("1", "web", 1, "com.df.servicePath", "/web", "com.df.port", "80")));
        await().until(() -> store.services().containsKey("web"));

        try (LogCapture log = LogCapture.of(SwarmRoutes.class)) {
            routes.servicesChanged(List.of(service("1", "web", 1, "com.df.servicePath", "/web", "com.df.port", "80",
                    "com.df.healthCheck", "/health")));

            await().until(() -> !log.lines().isEmpty());
            assertThat(log.lines()).singleElement().asString()
                    .startsWith("Swarm service web keeps its previous route, as its labels now cannot be applied:"
                            + " com.df.healthCheck=/health is not a boolean")
                    .contains("the path goes in com.df.healthCheckPath",
                            "use com.df.healthCheck=true and com.df.healthCheckPath=/health");
        }
        assertThat(store.services().get("web").parameters()).doesNotContainKey("healthCheck");
    }

    @Test
    void aServiceWithoutPathOrDomainIsSimplyNotRouted() {
        routes.servicesChanged(List.of(service("1", "monitored", 1, "com.df.scrapePort", "9100"),
                service("2", "api", 1, "com.df.servicePath", "/api", "com.df.port", "80")));

        await().until(() -> store.services().keySet().equals(java.util.Set.of("api")));
    }

    @Test
    void taskAddressesAreAlsoFiledUnderTheShortNameRoutesUse() throws Exception {
        InetAddress task = InetAddress.getByName("10.0.3.4");
        routes.servicesChanged(List.of(service("1", "shop_web", 1, "com.df.servicePath", "/", "com.df.port", "80",
                "com.df.shortName", "true", "com.docker.stack.namespace", "shop")));
        await().until(() -> store.services().containsKey("web"));

        routes.tasksChanged(Map.of("shop_web", List.of(task)));

        assertThat(endpoints.get()).containsEntry("web", List.of(task)).containsEntry("shop_web", List.of(task));
    }

    @Test
    void theJournalRecordsEachSetOfLabelsOnceInTheLabelsWords() {
        List<SwarmService> swarm = List.of(
                service("1", "web", 1, "com.df.servicePath", "/web", "com.df.port", "80"),
                service("2", "legacy", 1, "com.df.servicePath", "/legacy", "com.df.port", "80",
                        "com.df.templateFePath", "/cfg/tmpl/fe.tmpl"),
                service("3", "broken", 1, "com.df.servicePath", "/broken", "com.df.port", "abc"));
        routes.servicesChanged(swarm);
        await().until(() -> store.services().keySet().equals(java.util.Set.of("web", "legacy")));
        routes.servicesChanged(swarm); // a relisting with nothing new

        assertThat(journal.count(Source.SWARM, Outcome.APPLIED)).isEqualTo(1);
        assertThat(journal.count(Source.SWARM, Outcome.PARTLY_IGNORED)).isEqualTo(1);
        assertThat(journal.count(Source.SWARM, Outcome.REJECTED)).isEqualTo(1);
        assertThat(journal.recent()).anySatisfy(entry -> {
            assertThat(entry.service()).isEqualTo("legacy");
            assertThat(entry.message()).contains("templateFePath", "ignored");
        });
        assertThat(journal.recent()).anySatisfy(entry -> {
            assertThat(entry.service()).isEqualTo("broken");
            assertThat(entry.message()).startsWith("com.df.port=abc");
        });
    }

    @Test
    void aServiceTheStoreLeavesOutIsJournalledOnceAsRejected() {
        List<SwarmService> swarm = List.of(service("1", "redis", 1, "com.df.reqMode", "tcp", "com.df.srcPort", "80",
                "com.df.port", "6379"), service("2", "web", 1, "com.df.servicePath", "/web", "com.df.port", "80"));
        routes.servicesChanged(swarm);
        await().until(() -> store.services().containsKey("web"));
        routes.servicesChanged(List.of(swarm.get(0), service("2", "web", 1, "com.df.servicePath", "/web2",
                "com.df.port", "80")));
        await().until(() -> store.services().get("web").spec().destinations().getFirst().paths()
                .equals(List.of("/web2")));

        assertThat(store.services()).doesNotContainKey("redis");
        assertThat(journal.recent()).filteredOn(entry -> entry.outcome() == Outcome.REJECTED).singleElement()
                .satisfies(entry -> {
                    assertThat(entry.service()).isEqualTo("redis");
                    assertThat(entry.source()).isEqualTo(Source.SWARM);
                    assertThat(entry.message()).contains("DEFAULT_PORTS");
                });
    }

    private static SwarmService service(String id, String name, long replicas, String... labels) {
        Map<String, String> map = new HashMap<>(Map.of("com.df.notify", "true"));
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return new SwarmService(id, name, map, 1, SwarmService.Mode.REPLICATED, replicas, "vip", "img");
    }
}
