package dev.swarmgate.store;

import dev.swarmgate.config.Destination;
import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.PathType;
import dev.swarmgate.config.ReqMode;
import dev.swarmgate.config.ServiceSpec;
import dev.swarmgate.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import static dev.swarmgate.store.StoreFixtures.service;
import static dev.swarmgate.store.StoreFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ConfigStoreTest {

    @TempDir
    Path stateDir;

    private final List<ConfigStore> stores = new ArrayList<>();

    @AfterEach
    void closeStores() {
        stores.forEach(ConfigStore::close);
    }

    private ConfigStore store(Optional<Path> dir) {
        ConfigStore store = new ConfigStore(settings(dir));
        stores.add(store);
        return store;
    }

    @Test
    void everyPublicationLogsItsVersionItsOriginAndWhatChangedByServiceName() {
        ConfigStore store = store(Optional.empty());
        try (LogCapture log = LogCapture.of(ConfigStore.class)) {
            store.restore(List.of()).join();
            store.replaceSource(Source.SWARM, List.of(service("api", "/api", 80, Source.SWARM),
                    service("web", "/web", 80, Source.SWARM))).join();
            store.replaceSource(Source.SWARM, List.of(service("api", "/v2", 80, Source.SWARM),
                    service("go-demo", "/demo", 8080, Source.SWARM))).join();
            store.put(service("admin-made", "/made", 80, Source.API)).join();
            store.remove("admin-made").join();

            assertThat(log.lines()).containsExactly(
                    "configuration version 1 (start): no services yet",
                    "configuration version 2 (swarm): added api, web",
                    "configuration version 3 (swarm): added go-demo; changed api (servicePath); removed web",
                    "configuration version 4 (API): added admin-made",
                    "configuration version 5 (API): removed admin-made");
        }
    }

    @Test
    void theStartSaysHowManyServicesWereRestoredAndFromWhere() {
        ConfigStore store = store(Optional.of(stateDir));
        try (LogCapture log = LogCapture.of(ConfigStore.class)) {
            store.restore(List.of(service("a", "/a", 80, Source.API), service("b", "/b", 80, Source.API),
                    service("c", "/c", 80, Source.ENV))).join();

            assertThat(log.lines()).containsExactly("configuration version 1 (start): 3 service(s) restored: 2 API"
                    + " from " + stateDir.resolve(StateFile.FILE_NAME)
                    + ", 1 environment from DFP_SERVICE_* variables");
        }
    }

    @Test
    void apiServicesSurviveARestartThroughTheStateFile() {
        ConfigStore first = store(Optional.of(stateDir));
        first.put(service("go-demo", "/demo", 8080, Source.API)).join();
        first.put(service("other", "/other", 9090, Source.API)).join();
        first.remove("other").join();

        ConfigStore second = store(Optional.of(stateDir));

        assertThat(second.loadPersisted()).containsExactly(
                Map.of("serviceName", List.of("go-demo"), "servicePath", List.of("/demo"), "port", List.of("8080")));
    }

    @Test
    void envServicesAreNotPersisted() {
        ConfigStore store = store(Optional.of(stateDir));
        store.put(service("from-env", "/env", 8080, Source.ENV)).join();
        store.put(service("from-api", "/api", 8080, Source.API)).join();

        assertThat(store(Optional.of(stateDir)).loadPersisted())
                .extracting(parameters -> parameters.get("serviceName"))
                .containsExactly(List.of("from-api"));
    }

    @Test
    void restoringDoesNotRewriteTheStateFile() throws IOException {
        ConfigStore store = store(Optional.of(stateDir));

        store.restore(List.of(service("a", "/a", 8080, Source.API))).join();

        assertThat(stateDir.resolve(StateFile.FILE_NAME)).doesNotExist();
        assertThat(store.services()).containsKey("a");
        try (var files = Files.list(stateDir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void everyPublicationGetsAHigherVersion() {
        ConfigStore store = store(Optional.empty());
        List<Long> seen = new CopyOnWriteArrayList<>();
        store.subscribe(published -> {
            seen.add(published.version());
            return CompletableFuture.completedFuture(null);
        });

        long v1 = store.put(service("a", "/a", 1, Source.API)).join().version();
        long v2 = store.put(service("a", "/a2", 1, Source.API)).join().version();
        long v3 = store.republish().join().version();
        long v4 = store.remove("a").join().version();

        assertThat(List.of(v1, v2, v3, v4)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(seen).containsExactly(1L, 2L, 3L, 4L);
        assertThat(store.current().version()).isEqualTo(4);
        assertThat(store.current().config().services()).isEmpty();
    }

    @Test
    void removingAnUnknownServiceSucceedsWithoutPublishing() {
        ConfigStore store = store(Optional.empty());
        List<Long> seen = new CopyOnWriteArrayList<>();
        store.subscribe(published -> {
            seen.add(published.version());
            return null;
        });

        ChangeOutcome outcome = store.remove("nobody").join();

        assertThat(outcome.changed()).isFalse();
        assertThat(outcome.version()).isZero();
        assertThat(seen).isEmpty();
    }

    @Test
    void changeCompletesOnlyAfterEverySubscriberCompleted() {
        ConfigStore store = store(Optional.empty());
        CompletableFuture<Void> slow = new CompletableFuture<>();
        store.subscribe(published -> CompletableFuture.completedFuture(null));
        store.subscribe(published -> slow);

        CompletableFuture<ChangeOutcome> change = store.put(service("a", "/a", 1, Source.API));

        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !change.isDone());
        slow.complete(null);
        await().atMost(Duration.ofSeconds(5)).until(change::isDone);
        assertThat(change.join().changed()).isTrue();
    }

    @Test
    void laterChangesWaitForEarlierSubscribersToFinish() {
        ConfigStore store = store(Optional.empty());
        CompletableFuture<Void> firstApplied = new CompletableFuture<>();
        List<Long> started = new CopyOnWriteArrayList<>();
        store.subscribe(published -> {
            started.add(published.version());
            return published.version() == 1 ? firstApplied : CompletableFuture.completedFuture(null);
        });

        CompletableFuture<ChangeOutcome> first = store.put(service("a", "/a", 1, Source.API));
        CompletableFuture<ChangeOutcome> second = store.put(service("b", "/b", 1, Source.API));

        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> started.equals(List.of(1L)));
        firstApplied.complete(null);
        assertThat(second.join().version()).isEqualTo(2);
        assertThat(first.join().version()).isEqualTo(1);
        assertThat(started).containsExactly(1L, 2L);
    }

    @Test
    void failedPublicationRollsBackToThePreviousServices() {
        ConfigStore store = store(Optional.of(stateDir));
        store.subscribe(published -> published.config().services().containsKey("bad")
                ? CompletableFuture.failedFuture(new IllegalStateException("port 80 is in use"))
                : CompletableFuture.completedFuture(null));
        store.put(service("good", "/good", 1, Source.API)).join();

        CompletableFuture<ChangeOutcome> bad = store.put(service("bad", "/bad", 1, Source.API));

        assertThatThrownBy(bad::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(PublishFailedException.class).hasMessageContaining("port 80 is in use");
        assertThat(store.services()).containsOnlyKeys("good");
        assertThat(store.current().config().services()).containsOnlyKeys("good");
        assertThat(store.current().version()).isEqualTo(3);
        assertThat(store.loadPersisted()).hasSize(1);
        assertThat(store.put(service("next", "/next", 1, Source.API)).join().version()).isEqualTo(4);
    }

    @Test
    void persistenceFailureIsReportedButTheChangeStaysLive() throws IOException {
        Path notADirectory = Files.writeString(stateDir.resolve("blocker"), "x");
        ConfigStore store = store(Optional.of(notADirectory));

        ChangeOutcome outcome = store.put(service("a", "/a", 1, Source.API)).join();

        assertThat(outcome.changed()).isTrue();
        assertThat(outcome.persistenceProblem()).hasValueSatisfying(
                problem -> assertThat(problem).contains("could not be saved"));
        assertThat(store.services()).containsKey("a");
    }

    @Test
    void theStateFileIsWrittenWhileTheSubscribersApplyTheChangeAndTheCallerHearsAfterBoth() {
        ConfigStore store = store(Optional.of(stateDir));
        Path file = stateDir.resolve(StateFile.FILE_NAME);
        CompletableFuture<Void> applied = new CompletableFuture<>();
        // A subscriber that finishes applying only once the file holds the new service: were the file written after
        // the subscribers, as it once was, the change would never complete.
        store.subscribe(published -> published.config().services().containsKey("a") ? applied : null);

        CompletableFuture<ChangeOutcome> change = store.put(service("a", "/a", 1, Source.API));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(file) && Files.readString(file).contains("\"serviceName\":\"a\""));
        assertThat(change).isNotDone();
        applied.complete(null);
        assertThat(change.join().persistenceProblem()).isEmpty();
        assertThat(store.loadPersisted()).extracting(parameters -> parameters.get("serviceName"))
                .containsExactly(List.of("a"));
    }

    @Test
    void replacingASourceAppliesTheWholeSetInOnePublication() {
        ConfigStore store = store(Optional.empty());
        List<Long> seen = new CopyOnWriteArrayList<>();
        store.subscribe(published -> {
            seen.add(published.version());
            return null;
        });

        ChangeOutcome outcome = store.replaceSource(Source.LISTENER, List.of(
                service("a", "/a", 1, Source.LISTENER), service("b", "/b", 1, Source.LISTENER))).join();

        assertThat(outcome.changed()).isTrue();
        assertThat(seen).containsExactly(1L);
        assertThat(store.current().config().services()).containsOnlyKeys("a", "b");
    }

    @Test
    void replacingASourceWithTheSameSetPublishesNothing() {
        ConfigStore store = store(Optional.empty());
        List<StoredService> set = List.of(service("a", "/a", 1, Source.LISTENER));
        store.replaceSource(Source.LISTENER, set).join();

        ChangeOutcome again = store.replaceSource(Source.LISTENER, set).join();

        assertThat(again.changed()).isFalse();
        assertThat(again.version()).isEqualTo(1);
        assertThat(store.current().version()).isEqualTo(1);
    }

    @Test
    void replacingASourceRemovesItsServicesThatAreNoLongerListedAndKeepsOtherSources() {
        ConfigStore store = store(Optional.empty());
        store.put(service("api", "/api", 1, Source.API)).join();
        store.replaceSource(Source.LISTENER, List.of(
                service("a", "/a", 1, Source.LISTENER), service("b", "/b", 1, Source.LISTENER))).join();

        store.replaceSource(Source.LISTENER, List.of(service("b", "/b", 1, Source.LISTENER))).join();

        assertThat(store.services()).containsOnlyKeys("api", "b");
    }

    @Test
    void aListedServiceTakesOverAnIdenticalApiServiceWithoutPublishingAndLeavesTheStateFile() {
        ConfigStore store = store(Optional.of(stateDir));
        store.put(service("a", "/a", 1, Source.API)).join();
        assertThat(store.loadPersisted()).hasSize(1);

        ChangeOutcome outcome = store.replaceSource(Source.LISTENER, List.of(service("a", "/a", 1, Source.LISTENER)))
                .join();

        assertThat(outcome.changed()).isFalse();
        assertThat(store.services().get("a").source()).isEqualTo(Source.LISTENER);
        assertThat(store.loadPersisted()).isEmpty();
    }

    @Test
    void aListedServiceNeverReplacesAnEnvironmentService() {
        ConfigStore store = store(Optional.empty());
        store.restore(List.of(service("pinned", "/pinned", 1, Source.ENV))).join();

        ChangeOutcome outcome = store.replaceSource(Source.LISTENER, List.of(
                service("pinned", "/other", 1, Source.LISTENER), service("b", "/b", 1, Source.LISTENER))).join();

        assertThat(outcome.refused()).singleElement().asString()
                .startsWith("serviceName pinned is defined by DFP_SERVICE_* environment variables");
        assertThat(store.services().get("pinned").spec().destinations().getFirst().paths()).containsExactly("/pinned");
        assertThat(store.services()).containsKey("b");
    }

    @Test
    void aListedServiceWithAConflictingPortIsRefusedAndTheOthersApplied() {
        ConfigStore store = store(Optional.empty());

        ChangeOutcome outcome = store.replaceSource(Source.LISTENER, List.of(tcp("first", 7000), tcp("second", 7000),
                service("b", "/b", 1, Source.LISTENER))).join();

        assertThat(outcome.refused()).singleElement().asString()
                .startsWith("serviceName second: srcPort 7000 is already taken by service first");
        assertThat(store.services()).containsOnlyKeys("first", "b");
    }

    @Test
    void aListedServiceWhoseNewVersionConflictsKeepsItsLastGoodVersion() {
        ConfigStore store = store(Optional.empty());
        store.replaceSource(Source.LISTENER, List.of(tcp("first", 7000), tcp("second", 7001))).join();

        ChangeOutcome outcome = store.replaceSource(Source.LISTENER, List.of(tcp("first", 7000), tcp("second", 7000)))
                .join();

        assertThat(outcome.refused()).singleElement().asString().startsWith("serviceName second: srcPort 7000");
        assertThat(store.services().get("second").spec().destinations().getFirst().srcPort()).isEqualTo(7001);
    }

    @Test
    void replacingRejectsAServiceOfAnotherSource() {
        ConfigStore store = store(Optional.empty());

        assertThatThrownBy(() -> store.replaceSource(Source.LISTENER, List.of(service("a", "/a", 1, Source.API))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("comes from API");
    }

    @Test
    void aStartSkipsAServiceWhoseLocalBackendIsTheSrcPortOfOneRestoredBeforeIt() {
        ConfigStore store = store(Optional.empty());
        try (LogCapture log = LogCapture.of(ConfigStore.class)) {
            store.restore(List.of(tcp("relay", 7000), tcp("was-tcp", 7001), local("loops", 7000),
                    service("was-tcp", "/now-http", 80, Source.API), local("fine", 7001))).join();

            // 7001 was given up when was-tcp was replaced by its HTTP version, so fine is no loop.
            assertThat(store.services()).containsOnlyKeys("relay", "was-tcp", "fine");
            assertThat(log.lines().getFirst())
                    .startsWith("LISTENER service loops is skipped at start: serviceName loops: the backend"
                            + " 127.0.0.1:7000 is this proxy's own listener");
        }
    }

    /** An HTTP service whose backend is on this machine. */
    private static StoredService local(String name, int port) {
        Destination destination = new Destination(0, ReqMode.HTTP, List.of("/" + name), PathType.PREFIX, List.of(),
                List.of(), DomainMatch.PREFIX, 0, port, Optional.of("127.0.0.1"), Optional.empty());
        return new StoredService(new ServiceSpec(name, name, List.of(destination), false), Map.of(), Source.LISTENER);
    }

    private static StoredService tcp(String name, int srcPort) {
        Destination destination = new Destination(0, ReqMode.TCP, List.of(), PathType.PREFIX, List.of(), List.of(),
                DomainMatch.PREFIX, srcPort, 5000, Optional.empty(), Optional.empty());
        return new StoredService(new ServiceSpec(name, name, List.of(destination), false), Map.of(), Source.LISTENER);
    }
}
