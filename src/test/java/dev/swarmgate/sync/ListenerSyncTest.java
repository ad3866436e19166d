package dev.swarmgate.sync;

import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.ReplicaSync;
import dev.swarmgate.config.Settings;
import dev.swarmgate.config.Timeouts;
import dev.swarmgate.config.dfp.ServiceParameters;
import dev.swarmgate.store.ConfigStore;
import dev.swarmgate.store.ReconfigureJournal;
import dev.swarmgate.store.ReconfigureJournal.Outcome;
import dev.swarmgate.store.Source;
import dev.swarmgate.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How {@link ListenerSync} turns listener lists into store changes, with a real store and the real DFP parser. The
 * lists come from {@link QueuedLists}, a source that hands over whatever the test puts in, as a feed would.
 */
class ListenerSyncTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final URI LISTENER = URI.create("http://swarm-listener:8080");

    private final Settings settings = new Settings(0, "0.0.0.0", "127.0.0.1", 0,
            List.of(new ListenerSpec(80, false, false)), List.of(), Timeouts.dfpDefaults(), ",", DomainMatch.PREFIX,
            false, Optional.empty(), Optional.empty(), List.of());
    private final ConfigStore store = new ConfigStore(settings);
    private final HttpClient http = HttpClient.newHttpClient();
    private final QueuedLists lists = new QueuedLists();
    private ListenerSync sync;
    private final ReconfigureJournal journal = new ReconfigureJournal();

    /** Hands over each list put in, blocking until there is one: a feed that never misses a version. */
    private final class QueuedLists implements ServiceSetSource {

        private final BlockingQueue<ServiceSet> queue = new LinkedBlockingQueue<>();
        private long version;

        void put(List<Map<String, String>> services) {
            put(services, Map.of());
        }

        void put(List<Map<String, String>> services, Map<String, List<InetAddress>> taskAddresses) {
            List<ListedService> entries = services.stream()
                    .map(s -> new ListedService(0, single(s), Optional.empty())).toList();
            queue.add(new ServiceSet(entries, OptionalLong.of(++version), taskAddresses, List.of()));
        }

        @Override
        public ServiceSet fetch() throws InterruptedException {
            return queue.take();
        }

        @Override
        public boolean waitsForChanges() {
            return true;
        }

        @Override
        public String describe() {
            return "queued lists";
        }
    }

    private static Map<String, List<String>> single(Map<String, String> parameters) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        parameters.forEach((name, value) -> multi.put(name, List.of(value)));
        return multi;
    }

    /** The task addresses handed to the book, in order. */
    private final BlockingQueue<Map<String, List<InetAddress>>> booked = new LinkedBlockingQueue<>();

    private void startSync() {
        // This proxy is on 10.0.1.0/24 (say, the overlay network it shares with the listener and the services).
        startSync(new LocalSubnets(List.of(new LocalSubnets.Subnet(address("10.0.1.9"), 24))));
    }

    private void startSync(LocalSubnets local) {
        ReplicaSync replicaSync = new ReplicaSync("proxy", List.of(LISTENER), Duration.ofMillis(10), 5, false);
        sync = new ListenerSync(replicaSync, new ServiceParameters(settings), store, () -> http, client -> lists,
                booked::add, () -> local, journal);
        sync.start();
    }

    private static InetAddress address(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    private Map<String, List<InetAddress>> nextBooked() throws InterruptedException {
        Map<String, List<InetAddress>> next = booked.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(next).as("task addresses handed to the book").isNotNull();
        return next;
    }

    @AfterEach
    void close() {
        if (sync != null) {
            sync.close();
        }
        store.close();
        http.close();
    }

    private static Map<String, String> service(String name, String path) {
        return Map.of("serviceName", name, "servicePath", path, "port", "8080");
    }

    @Test
    void initialSyncIsDoneOnlyOnceAListIsApplied() {
        startSync();
        assertThat(sync.initialSyncDone()).isFalse();

        lists.put(List.of(service("a", "/a")));

        await().atMost(PATIENCE).until(sync::initialSyncDone);
        assertThat(store.services().get("a").source()).isEqualTo(Source.LISTENER);
    }

    @Test
    void theTaskAddressesAFeedCarriesOnThisProxysNetworksGoToTheBookByServiceName() throws Exception {
        startSync();

        lists.put(List.of(service("a", "/a"), service("b", "/b"), service("c", "/c")),
                Map.of("a", List.of(address("10.0.1.5"), address("10.0.2.5")), "b", List.of()));

        assertThat(nextBooked()).as("a: only the address on 10.0.1.0/24; b: no task; c: not carried, left to DNS")
                .isEqualTo(Map.of("a", List.of(address("10.0.1.5")), "b", List.of()));
        await().atMost(PATIENCE).until(() -> store.services().size() == 3);
    }

    @Test
    void aNewTaskAloneChangesTheAddressesWithoutPublishingTheServicesAgain() throws Exception {
        startSync();
        List<Map<String, String>> services = List.of(service("a", "/a"));
        lists.put(services, Map.of("a", List.of(address("10.0.1.5"))));
        await().atMost(PATIENCE).until(sync::initialSyncDone);
        nextBooked();
        long version = store.current().version();

        lists.put(services, Map.of("a", List.of(address("10.0.1.5"), address("10.0.1.6"))));

        assertThat(nextBooked()).isEqualTo(Map.of("a", List.of(address("10.0.1.5"), address("10.0.1.6"))));
        await().atMost(PATIENCE).until(() -> sync.appliedVersions().get(LISTENER.toString()) == 2);
        assertThat(store.current().version()).as("the same services: nothing to publish").isEqualTo(version);
    }

    @Test
    void aListWithoutTaskAddressesLeavesEveryServiceToDns() throws Exception {
        startSync();

        lists.put(List.of(service("a", "/a")));

        assertThat(nextBooked()).isEmpty();
    }

    @Test
    void aProxyThatCannotListItsInterfacesLeavesEveryServiceToDnsRatherThanToNoEndpoint() throws Exception {
        startSync(new LocalSubnets(List.of()));

        lists.put(List.of(service("a", "/a")), Map.of("a", List.of(address("10.0.1.5"))));

        assertThat(nextBooked()).isEmpty();
    }

    @Test
    void withoutListenersTheInitialSyncCountsAsDone() {
        ListenerSync none = new ListenerSync(ReplicaSync.DEFAULTS, new ServiceParameters(settings), store, () -> http,
                addresses -> { });
        none.start();

        assertThat(none.initialSyncDone()).isTrue();
        assertThat(none.notifyServices().join()).isEmpty();
        none.close();
    }

    @Test
    void aServiceThatStopsParsingKeepsItsPreviousVersionServing() {
        startSync();
        lists.put(List.of(service("a", "/a"), service("b", "/b")));
        await().atMost(PATIENCE).until(() -> store.services().size() == 2);

        lists.put(List.of(Map.of("serviceName", "a", "port", "8080"), service("b", "/b2")));

        await().atMost(PATIENCE).until(() -> store.services().get("b").spec().destinations().getFirst().paths()
                .equals(List.of("/b2")));
        assertThat(store.services().get("a").spec().destinations().getFirst().paths()).containsExactly("/a");
    }

    @Test
    void aListedServiceThatDoesNotParseIsLoggedWithItsLabelsAsWritten() {
        try (LogCapture log = LogCapture.of(ListenerSync.class)) {
            startSync();
            lists.put(List.of(Map.of("serviceName", "a", "servicePath", "/a", "port.1", "abc"), service("b", "/b")));
            await().atMost(PATIENCE).until(() -> store.services().containsKey("b"));

            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("service a is skipped (",
                    "com.df.port.1=abc is not valid"));
        }
    }

    @Test
    void aServiceScaledToZeroIsNotServed() {
        startSync();
        lists.put(List.of(service("a", "/a"), Map.of("serviceName", "b", "servicePath", "/b", "port", "8080",
                "replicas", "0")));

        await().atMost(PATIENCE).until(sync::initialSyncDone);
        assertThat(store.services()).containsOnlyKeys("a");
    }

    @Test
    void aServiceThatCannotBePutIntoEffectIsLeftOutAndNotRetriedWhileItIsUnchanged() {
        List<Boolean> attemptsWithBadService = new CopyOnWriteArrayList<>();
        store.subscribe(published -> {
            boolean bad = published.config().services().containsKey("unbindable");
            attemptsWithBadService.add(bad);
            return bad ? CompletableFuture.failedFuture(new IllegalStateException("port 22 is in use"))
                    : CompletableFuture.completedFuture(null);
        });
        startSync();

        lists.put(List.of(service("a", "/a"), service("unbindable", "/u"), service("c", "/c")));

        await().atMost(PATIENCE).until(() -> store.services().keySet().equals(Set.of("a", "c")));
        long badAttempts = attemptsWithBadService.stream().filter(bad -> bad).count();
        long version = store.current().version();

        lists.put(List.of(service("a", "/a"), service("unbindable", "/u"), service("c", "/c")));
        lists.put(List.of(service("a", "/a"), service("unbindable", "/u"), service("c", "/c"), service("d", "/d")));
        await().atMost(PATIENCE).until(() -> store.services().containsKey("d"));

        assertThat(attemptsWithBadService.stream().filter(bad -> bad).count())
                .as("the unchanged unbindable service is not tried again").isEqualTo(badAttempts);
        assertThat(store.current().version()).as("only d was published").isEqualTo(version + 1);

        lists.put(List.of(service("a", "/a"), service("unbindable", "/u2"), service("c", "/c"), service("d", "/d")));
        await().atMost(PATIENCE).until(() -> attemptsWithBadService.stream().filter(bad -> bad).count() > badAttempts);
        assertThat(store.services()).containsOnlyKeys("a", "c", "d");
    }

    @Test
    void theJournalRecordsNewAndChangedServicesAndNewProblemsOnceNotEveryList() {
        startSync();
        Map<String, String> web = Map.of("serviceName", "web", "servicePath", "/web", "port", "80");
        Map<String, String> legacy = Map.of("serviceName", "legacy", "servicePath", "/legacy", "port", "80",
                "templateFePath", "/cfg/tmpl/fe.tmpl");
        Map<String, String> broken = Map.of("serviceName", "broken", "servicePath", "/broken", "port", "abc");
        lists.put(List.of(web, legacy, broken));
        await().atMost(PATIENCE).until(() -> store.services().keySet().equals(Set.of("web", "legacy")));

        assertThat(journal.count(Source.LISTENER, Outcome.APPLIED)).isEqualTo(1);
        assertThat(journal.count(Source.LISTENER, Outcome.PARTLY_IGNORED)).isEqualTo(1);
        assertThat(journal.count(Source.LISTENER, Outcome.REJECTED)).isEqualTo(1);
        assertThat(journal.recent()).anySatisfy(entry -> {
            assertThat(entry.service()).isEqualTo("broken");
            assertThat(entry.message()).contains("com.df.port=abc");
        });

        Map<String, String> web2 = Map.of("serviceName", "web", "servicePath", "/web2", "port", "80");
        lists.put(List.of(web2, legacy, broken));
        await().atMost(PATIENCE).until(() -> store.services().get("web").spec().destinations().getFirst().paths()
                .equals(List.of("/web2")));

        // Only web changed: legacy and broken, listed again as they were, are not recorded again.
        assertThat(journal.count(Source.LISTENER, Outcome.APPLIED)).isEqualTo(2);
        assertThat(journal.count(Source.LISTENER, Outcome.PARTLY_IGNORED)).isEqualTo(1);
        assertThat(journal.count(Source.LISTENER, Outcome.REJECTED)).isEqualTo(1);
    }
}
