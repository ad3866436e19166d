package dev.swarmgate.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.swarmgate.store.Source;
import dev.swarmgate.sync.ListenerSync;
import dev.swarmgate.testing.FreePort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real proxy fetching its services from a Swarm listener at start ({@code LISTENER_ADDRESS}, dfp-compat §4.2) and
 * on request ({@code reload?fromListener=true}). The listener is {@link SwarmListenerStandIn}, a JDK HTTP server
 * answering DFSL's endpoints, because DFSL itself cannot run here; the backend is a real HTTP server.
 */
class SwarmListenerSyncTest {

    private static final String SUCCESSFUL_INIT_RELOAD = "/v1/docker-flow-proxy/successfulinitreload";
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private RecordingBackend backend;

    @BeforeEach
    void startBackendAndCaptureLogs() {
        backend = track(RecordingBackend.start());
        logs.start();
        syncLogger().addAppender(logs);
    }

    @AfterEach
    void closeEverything() throws Exception {
        syncLogger().detachAppender(logs);
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
    }

    /** The parent of every sync class's logger; WARN and ERROR lines reach it in tests. */
    private static Logger syncLogger() {
        return (Logger) LoggerFactory.getLogger(ListenerSync.class.getPackageName());
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    /** A DFSL parameter map for a service on the real backend under {@code path}. */
    private Map<String, String> service(String name, String path) {
        return Map.of("serviceName", name, "servicePath", path, "port", String.valueOf(backend.port()),
                "outboundHostname", "127.0.0.1", "replicas", "1", "distribute", "true");
    }

    private GatewayUnderTest proxy(Map<String, String> env) {
        return track(GatewayUnderTest.start(env));
    }

    private List<String> logged() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void startUpPullAppliesTheListedServicesAndSuccessfulInitReloadTurnsFrom500To200() {
        SwarmListenerStandIn listener = track(SwarmListenerStandIn.start())
                .list(List.of(service("go-demo", "/demo"), service("other", "/other")))
                .holdGetServices();
        GatewayUnderTest proxy = proxy(Map.of("LISTENER_ADDRESS", listener.address(), "RELOAD_INTERVAL", "100"));

        await().atMost(PATIENCE).until(() -> listener.getServicesCalls() == 1);
        GatewayUnderTest.Reply before = proxy.admin(SUCCESSFUL_INIT_RELOAD);
        assertThat(before.status()).isEqualTo(500);
        assertThat(before.body()).isEmpty();
        assertThat(proxy.get("/demo").statusCode()).isEqualTo(503);

        listener.releaseGetServices();

        await().atMost(PATIENCE).until(() -> proxy.admin(SUCCESSFUL_INIT_RELOAD).status() == 200);
        assertThat(proxy.admin(SUCCESSFUL_INIT_RELOAD).body()).isEmpty();
        assertThat(proxy.get("/demo/x").statusCode()).isEqualTo(200);
        assertThat(proxy.get("/other/y").statusCode()).isEqualTo(200);
        assertThat(proxy.runtime().store().services().get("go-demo").source()).isEqualTo(Source.LISTENER);
        assertThat(proxy.runtime().store().current().version())
                .as("both services arrive in one publication after the start-up one").isEqualTo(2);
        assertThat(listener.feedQueries()).as("asked for the feed first, got DFSL's 404").hasSize(1);
        assertThat(listener.getServicesCalls()).as("without REPEAT_RELOAD, one successful pull").isEqualTo(1);
    }

    @Test
    void aRestartedProxyServesWhatTheListenerSaidLastWhileTheListenerIsDown() {
        SwarmListenerStandIn listener = SwarmListenerStandIn.start().list(List.of(service("go-demo", "/demo")));
        GatewayUnderTest proxy = GatewayUnderTest.start(Map.of("LISTENER_ADDRESS", listener.address(),
                "RELOAD_INTERVAL", "100"));
        await().atMost(PATIENCE).until(() -> proxy.admin(SUCCESSFUL_INIT_RELOAD).status() == 200);
        listener.close();

        GatewayUnderTest restarted = track(proxy.restart());

        assertThat(restarted.get("/demo/x").statusCode()).as("served from the last known list at once").isEqualTo(200);
        assertThat(restarted.runtime().store().services().get("go-demo").source()).isEqualTo(Source.LISTENER);
        assertThat(restarted.admin(SUCCESSFUL_INIT_RELOAD).status())
                .as("the listener has not answered this process yet").isEqualTo(500);
    }

    @Test
    void anUnreachableListenerIsRetriedEveryIntervalUntilItAnswers() {
        int port = FreePort.pick();
        GatewayUnderTest proxy = proxy(Map.of("LISTENER_ADDRESS", "127.0.0.1:" + port, "RELOAD_INTERVAL", "50"));
        await().atMost(PATIENCE).until(() -> logged().stream().anyMatch(line ->
                line.startsWith("Swarm listener http://127.0.0.1:" + port + " could not be reached")));
        assertThat(proxy.admin(SUCCESSFUL_INIT_RELOAD).status()).isEqualTo(500);

        track(SwarmListenerStandIn.start(port)).list(List.of(service("go-demo", "/demo")));

        await().atMost(PATIENCE).until(() -> proxy.admin(SUCCESSFUL_INIT_RELOAD).status() == 200);
        assertThat(proxy.get("/demo").statusCode()).isEqualTo(200);
    }

    @Test
    void aBadServiceInTheListIsSkippedWithAClearLogAndTheOthersAreServed() {
        SwarmListenerStandIn listener = track(SwarmListenerStandIn.start()).listRaw("["
                + "{\"serviceName\":\"no-path\",\"port\":\"" + backend.port() + "\"},"
                + "\"not an object\","
                + "{\"serviceName\":\"good\",\"servicePath\":\"/good\",\"port\":\"" + backend.port()
                + "\",\"outboundHostname\":\"127.0.0.1\"}]");
        GatewayUnderTest proxy = proxy(Map.of("LISTENER_ADDRESS", listener.address()));

        await().atMost(PATIENCE).until(() -> proxy.admin(SUCCESSFUL_INIT_RELOAD).status() == 200);

        assertThat(proxy.get("/good").statusCode()).isEqualTo(200);
        assertThat(proxy.runtime().store().services()).containsOnlyKeys("good");
        String base = "Swarm listener http://" + listener.address();
        assertThat(logged()).anyMatch(line -> line.startsWith(base + ": service no-path is skipped (")
                && line.contains("servicePath or serviceDomain"));
        assertThat(logged()).anyMatch(line -> line.startsWith(base + ": service #1 (no serviceName) is skipped ("
                + "expected an object of parameters, got a string)"));
    }

    @Test
    void repeatReloadRemovesWhatTheListenerStoppedListingAndPublishesNothingWhileTheListIsUnchanged() {
        SwarmListenerStandIn listener = track(SwarmListenerStandIn.start())
                .list(List.of(service("a", "/a"), service("b", "/b")));
        GatewayUnderTest proxy = proxy(Map.of("LISTENER_ADDRESS", listener.address(), "RELOAD_INTERVAL", "20",
                "REPEAT_RELOAD", "true"));
        await().atMost(PATIENCE).until(() -> proxy.runtime().store().services().keySet().equals(
                Set.of("a", "b")));
        proxy.route("api-made", backend.port(), "servicePath=/api");
        long version = proxy.runtime().store().current().version();
        int calls = listener.getServicesCalls();

        await().atMost(PATIENCE).until(() -> listener.getServicesCalls() >= calls + 5);
        assertThat(proxy.runtime().store().current().version())
                .as("five more identical lists, no new publication").isEqualTo(version);

        listener.list(List.of(service("b", "/b")));

        await().atMost(PATIENCE).until(() -> !proxy.runtime().store().services().containsKey("a"));
        assertThat(proxy.get("/a").statusCode()).isEqualTo(503);
        assertThat(proxy.get("/b").statusCode()).isEqualTo(200);
        assertThat(proxy.get("/api").statusCode()).as("a service made through the API stays").isEqualTo(200);
        assertThat(proxy.runtime().store().current().version()).isEqualTo(version + 1);
    }

    @Test
    void withSeveralListenersEachIsTriedReloadAttemptsTimesAndTheOthersStillApply() {
        SwarmListenerStandIn broken = track(SwarmListenerStandIn.start()).failWith(500);
        SwarmListenerStandIn working = track(SwarmListenerStandIn.start()).list(List.of(service("go-demo", "/demo")));
        GatewayUnderTest proxy = proxy(Map.of("LISTENER_ADDRESS", broken.address() + "," + working.address(),
                "RELOAD_INTERVAL", "20", "RELOAD_ATTEMPTS", "3"));

        await().atMost(PATIENCE).until(() -> logged().stream().anyMatch(line ->
                line.startsWith("Giving up on Swarm listener http://" + broken.address() + " after 3 failed attempts")));

        assertThat(broken.getServicesCalls()).isEqualTo(3);
        assertThat(proxy.admin(SUCCESSFUL_INIT_RELOAD).status()).isEqualTo(200);
        assertThat(proxy.get("/demo").statusCode()).isEqualTo(200);
        assertThat(logged()).anyMatch(line -> line.contains("answered get-services with status 500"));
    }

    @Test
    void reloadFromListenerAsksEveryListenerToNotifyItsServices() {
        SwarmListenerStandIn first = track(SwarmListenerStandIn.start());
        SwarmListenerStandIn second = track(SwarmListenerStandIn.start());
        GatewayUnderTest proxy = proxy(Map.of("LISTENER_ADDRESS", first.address() + "," + second.address()));

        GatewayUnderTest.Reply reply = proxy.admin("/v1/docker-flow-proxy/reload?fromListener=true");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("\"Status\":\"OK\"");
        assertThat(first.notifyCalls()).isEqualTo(1);
        assertThat(second.notifyCalls()).isEqualTo(1);
    }

    @Test
    void reloadFromListenerAnswers500NamingTheListenerThatFailed() {
        SwarmListenerStandIn listener = track(SwarmListenerStandIn.start()).failNotifyWith(503);
        GatewayUnderTest proxy = proxy(Map.of("LISTENER_ADDRESS", listener.address()));

        GatewayUnderTest.Reply reply = proxy.admin("/v1/docker-flow-proxy/reload?fromListener=true");

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.body()).contains("\"Status\":\"NOK\"").contains("Swarm listener http://"
                + listener.address() + " answered notify-services with status 503");
    }

    @Test
    void aListenerWithTheFeedIsSubscribedToInsteadOfPulled() {
        SwarmListenerStandIn listener = track(SwarmListenerStandIn.start()).offerFeed()
                .list(List.of(service("a", "/a")));
        GatewayUnderTest proxy = proxy(Map.of("LISTENER_ADDRESS", listener.address()));
        await().atMost(PATIENCE).until(() -> proxy.admin(SUCCESSFUL_INIT_RELOAD).status() == 200);
        assertThat(proxy.get("/a").statusCode()).isEqualTo(200);

        listener.list(List.of(service("b", "/b")));

        await().atMost(PATIENCE).until(() -> proxy.runtime().store().services().keySet().equals(Set.of("b")));
        assertThat(proxy.get("/a").statusCode()).isEqualTo(503);
        assertThat(proxy.get("/b").statusCode()).isEqualTo(200);
        assertThat(listener.getServicesCalls()).isZero();
        assertThat(listener.feedQueries()).startsWith("after=0&wait=0", "after=2&wait=25");
        assertThat(proxy.admin("/v1/swarmgate/version").body()).as("the replica reports the feed version it serves")
                .contains("\"listenerVersions\":{\"http://" + listener.address() + "\":");
        await().atMost(PATIENCE).until(() -> proxy.admin("/v1/swarmgate/version").body().contains("\":3}"));
    }
}
