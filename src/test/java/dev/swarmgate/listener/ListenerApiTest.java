package dev.swarmgate.listener;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmgate.docker.SwarmNode;
import dev.swarmgate.docker.SwarmService;
import dev.swarmgate.docker.SwarmTask;
import dev.swarmgate.httpapi.ApiServer;
import dev.swarmgate.testing.LogCapture;
import dev.swarmgate.testing.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.swarmgate.listener.ListenerFixture.RECONFIGURE;
import static dev.swarmgate.listener.ListenerFixture.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The listener's HTTP API over real HTTP: DFSL's endpoints and the feed. Docker's answers to get-services' task
 * question and to get-nodes are given as values ({@link GivenSwarm}), as the watcher's lists are; the real engine
 * answers them in ListenerSwarmTest.
 */
class ListenerApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SwarmService GO_DEMO = service("id1", "go-demo", 1, "servicePath", "/demo", "port", "8080");
    private static final SwarmService API = service("id2", "api", 2, "servicePath", "/api");

    /** Docker's answers, fixed by the test. */
    private static final class GivenSwarm implements SwarmQueries {
        volatile List<SwarmTask> tasks = List.of();
        volatile List<SwarmNode> nodes = List.of();
        volatile RuntimeException failure;

        @Override
        public CompletableFuture<List<SwarmTask>> runningTasks(List<String> serviceIds) {
            return failure != null ? CompletableFuture.failedFuture(failure) : CompletableFuture.completedFuture(
                    tasks.stream().filter(task -> serviceIds.contains(task.serviceId())).toList());
        }

        @Override
        public CompletableFuture<List<SwarmNode>> nodes() {
            return failure != null ? CompletableFuture.failedFuture(failure) : CompletableFuture.completedFuture(nodes);
        }
    }

    private final RecordingProxy proxy = new RecordingProxy();
    private final ListenerFixture listener = new ListenerFixture(ListenerFixture.settings(proxy, 0, Duration.ZERO));
    private final GivenSwarm swarm = new GivenSwarm();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ApiServer server;

    @BeforeEach
    void start() throws InterruptedException {
        server = new ApiServer("Listener API", "127.0.0.1", 0, 64 * 1024, new ListenerApi(listener.detector, listener.feed,
                listener.metrics, swarm, Duration.ofSeconds(2))).start();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        listener.close();
        proxy.close();
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(90));
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return client.send(request(pathAndQuery).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static <T> T json(HttpResponse<String> response, TypeReference<T> type) throws IOException {
        return JSON.readValue(response.body(), type);
    }

    private static SwarmTask task(String serviceId, String desired, String state) {
        return new SwarmTask(serviceId + "-" + state, serviceId, "node1", 1, desired, state, "", List.of());
    }

    private void delivered() {
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.notifier.underWay() == 0);
    }

    @Test
    void pingAnswersOkToAnyMethod() throws Exception {
        HttpResponse<String> get = get("/v1/docker-flow-swarm-listener/ping");
        HttpResponse<String> post = client.send(request("/v1/docker-flow-swarm-listener/ping")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("{\"Status\":\"OK\"}");
        assertThat(get.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(post.statusCode()).isEqualTo(200);
    }

    @Test
    void getServicesListsServicesWhoseTasksAllRunAndNotifiesTheOthersInstead() throws Exception {
        listener.detector.servicesChanged(List.of(GO_DEMO, API));
        delivered();
        int before = proxy.requestsTo(RECONFIGURE).size();
        swarm.tasks = List.of(task("id1", "running", "running"), task("id1", "shutdown", "failed"),
                task("id2", "running", "running"), task("id2", "running", "starting"));

        HttpResponse<String> response = get("/v1/docker-flow-swarm-listener/get-services");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response, new TypeReference<List<Map<String, String>>>() { })).containsExactly(Map.of(
                "distribute", "true", "port", "8080", "replicas", "1", "serviceName", "go-demo",
                "servicePath", "/demo"));
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.requestsTo(RECONFIGURE).size() == before + 1);
        assertThat(proxy.requestsTo(RECONFIGURE).getLast().query())
                .isEqualTo("distribute=true&replicas=2&serviceName=api&servicePath=%2Fapi");
    }

    @Test
    void getServicesWaitsForTheFirstListing() throws Exception {
        swarm.tasks = List.of(task("id1", "running", "running"));
        CompletableFuture<HttpResponse<String>> response = client.sendAsync(
                request("/v1/docker-flow-swarm-listener/get-services").build(), HttpResponse.BodyHandlers.ofString());
        // the request is waiting on the first listing
        await().atMost(Duration.ofSeconds(5)).until(() ->
                listener.detector.firstListing().getNumberOfDependents() == 1);
        assertThat(response).isNotDone();

        listener.detector.servicesChanged(List.of(GO_DEMO));

        assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(response.get().body()).contains("\"serviceName\":\"go-demo\"");
    }

    @Test
    void getServicesAnswers500AndCountsTheErrorWhenDockerCannotBeAsked() throws Exception {
        HttpResponse<String> notListed = get("/v1/docker-flow-swarm-listener/get-services");
        listener.detector.servicesChanged(List.of(GO_DEMO));
        swarm.failure = new IllegalStateException("Docker at unix:///var/run/docker.sock refused the connection");

        HttpResponse<String> failed = get("/v1/docker-flow-swarm-listener/get-services");

        assertThat(notListed.statusCode()).isEqualTo(500);
        assertThat(notListed.body()).contains("the swarm has not been listed yet");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).contains("refused the connection");
        assertThat(get("/metrics").body()).contains(
                "docker_flow_error{operation=\"serveGetServices\",service=\"swarm_listener\"} 2\n");
    }

    @Test
    void notifyServicesAnswersAtOnceThenSendsEveryCreateAgain() throws Exception {
        listener.detector.servicesChanged(List.of(GO_DEMO, API));
        delivered();

        HttpResponse<String> response = get("/v1/docker-flow-swarm-listener/notify-services");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"Status\":\"OK\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.requestsTo(RECONFIGURE).size() == 4);
    }

    @Test
    void metricsAreDfslsNamesInPrometheusText() throws Exception {
        listener.detector.servicesChanged(List.of(GO_DEMO, API));

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).isEqualTo("""
                # HELP docker_flow_service_count Service counter
                # TYPE docker_flow_service_count gauge
                docker_flow_service_count{service="swarm_listener"} 2
                """);
    }

    @Test
    void getNodesListsEveryNodeWithItsComDfLabels() throws Exception {
        swarm.nodes = List.of(new SwarmNode("n1", "vm", "manager", "active", "ready", "10.0.0.2", true, 30,
                Map.of("com.df.zone", "node", "other", "x"), Map.of("com.df.zone", "engine", "com.df.rack", "r1")));

        HttpResponse<String> response = get("/v1/docker-flow-swarm-listener/get-nodes");

        assertThat(json(response, new TypeReference<List<Map<String, String>>>() { })).containsExactly(Map.of(
                "id", "n1", "hostname", "vm", "address", "10.0.0.2", "versionIndex", "30", "state", "ready",
                "role", "manager", "availability", "active", "zone", "node", "rack", "r1"));
    }

    @Test
    void anUnknownPathIs404AsInGosServeMux() throws Exception {
        HttpResponse<String> response = get("/v1/docker-flow-swarm-listener/get-services/");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("404 page not found\n");
    }

    @Test
    void theFeedAnswersAtOnceWhenTheCallerIsBehind() throws Exception {
        listener.detector.servicesChanged(List.of(GO_DEMO));

        HttpResponse<String> response = get("/v1/swarmgate/feed?after=0");

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> body = json(response, new TypeReference<>() { });
        assertThat(body).containsEntry("version", 1000).containsEntry("services", List.of(Map.of(
                "distribute", "true", "port", "8080", "replicas", "1", "serviceName", "go-demo",
                "servicePath", "/demo")));
        assertThat(body).as("tasks not listed yet: the field is left out").doesNotContainKey("taskAddresses");
    }

    @Test
    void theFeedCarriesTaskAddressesBesideTheServicesSoOlderProxiesReadItUnchanged() throws Exception {
        listener.detector.servicesChanged(List.of(GO_DEMO));
        listener.detector.tasksChanged(Map.of("go-demo", List.of(InetAddress.getByName("10.0.1.5"),
                InetAddress.getByName("10.0.1.6"))));

        HttpResponse<String> response = get("/v1/swarmgate/feed?after=0");

        Map<String, Object> body = json(response, new TypeReference<>() { });
        assertThat(body).containsOnlyKeys("version", "services", "taskAddresses")
                .containsEntry("version", 1001)
                .containsEntry("services", List.of(Map.of("distribute", "true", "port", "8080", "replicas", "1",
                        "serviceName", "go-demo", "servicePath", "/demo")))
                .containsEntry("taskAddresses", Map.of("go-demo", List.of("10.0.1.5", "10.0.1.6")));
    }

    @Test
    void aFeedPollIsHeldUntilTheSetChanges() throws Exception {
        listener.detector.servicesChanged(List.of(GO_DEMO));
        CompletableFuture<HttpResponse<String>> poll = client.sendAsync(
                request("/v1/swarmgate/feed?after=1000&wait=60").build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.feed.waiting() == 1);
        assertThat(poll).isNotDone();

        listener.detector.servicesChanged(List.of(GO_DEMO, API));

        Map<String, Object> body = json(poll.get(5, TimeUnit.SECONDS), new TypeReference<>() { });
        assertThat(body.get("version")).isEqualTo(1001);
        assertThat((List<?>) body.get("services")).hasSize(2);
    }

    @Test
    void aFeedPollWithoutChangeIsAnsweredWithTheSameVersionWhenItsWaitEnds() throws Exception {
        listener.detector.servicesChanged(List.of(GO_DEMO));

        long started = System.nanoTime();
        HttpResponse<String> response = get("/v1/swarmgate/feed?after=1000&wait=1");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        Map<String, Object> body = json(response, new TypeReference<>() { });
        assertThat(body.get("version")).isEqualTo(1000);
        assertThat((List<?>) body.get("services")).hasSize(1);
    }

    @Test
    void aFeedPollIsForgottenWhenTheClientGoesAway() throws Exception {
        listener.detector.servicesChanged(List.of(GO_DEMO));
        CompletableFuture<HttpResponse<String>> poll = client.sendAsync(
                request("/v1/swarmgate/feed?after=1000&wait=60").build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.feed.waiting() == 1);

        poll.cancel(true);

        await().atMost(Duration.ofSeconds(10)).until(() -> listener.feed.waiting() == 0);
    }

    @Test
    void theFeedRefusesMalformedParametersWithTheFix() throws Exception {
        HttpResponse<String> after = get("/v1/swarmgate/feed?after=abc");
        HttpResponse<String> wait = get("/v1/swarmgate/feed?wait=-2");

        assertThat(after.statusCode()).isEqualTo(400);
        assertThat(after.body()).contains("after=abc is not valid: use a version from an earlier answer");
        assertThat(wait.statusCode()).isEqualTo(400);
        assertThat(wait.body()).contains("wait=-2 is not valid: use seconds from 0 to 60");
    }

    @Test
    void aMalformedEscapeIsA400NamingTheParameterAndTheLogHoldsNoQuery() {
        try (LogCapture log = LogCapture.all(); RawHttp http = RawHttp.connect(server.port())) {
            http.write("GET /v1/swarmgate/feed?token=S3cretPW9&after=%ZZ HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n");

            assertThat(http.readHead().status()).isEqualTo(400);
            assertThat(new String(http.readToEnd(), StandardCharsets.UTF_8))
                    .contains("query parameter after: malformed %-escape '%ZZ'").doesNotContain("S3cretPW9");
            assertThat(log.lines()).noneMatch(line -> line.contains("S3cretPW9"));
        }
    }
}
