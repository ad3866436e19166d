package dev.swarmgate.docker;

import static dev.swarmgate.docker.EngineJsonMappingTest.captured;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a fake engine on a Unix socket: no dockerd needed. */
class DockerClientTest {

    @TempDir
    Path dir;

    @Test
    void missingSocketSaysSoAndHowToFixIt() {
        Path socket = dir.resolve("docker.sock");
        try (DockerClient client = new DockerClient(DockerEndpoint.unix(socket.toString()))) {
            assertThatThrownBy(() -> client.services().join())
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(DockerUnavailableException.class)
                    .hasMessageStartingWith("Docker socket " + socket + " does not exist (ENOENT). Mount it")
                    .hasMessageContaining("DF_DOCKER_HOST");
        }
    }

    @Test
    void speaksTheLowerOfEngineAndClientVersion() throws Exception {
        try (FakeEngine engine = new FakeEngine(dir.resolve("e.sock"));
             DockerClient client = new DockerClient(engine.endpoint())) {
            engine.answer("/version", 200, "{\"ApiVersion\":\"1.51\",\"Version\":\"28.0.0\"}")
                    .answer("/v1.43/services", 200, captured("services.json"));

            List<SwarmService> services = client.services().join();

            assertThat(services).extracting(SwarmService::name).containsExactly("web", "glob");
            assertThat(engine.requests).containsExactly("/version", "/v1.43/services");
        }
    }

    @Test
    void asksForTheVersionOnlyOnce() throws Exception {
        try (FakeEngine engine = new FakeEngine(dir.resolve("e.sock"));
             DockerClient client = new DockerClient(engine.endpoint())) {
            engine.answer("/version", 200, captured("version.json"))
                    .answer("/v1.41/nodes", 200, captured("nodes.json"));

            client.nodes().join();
            client.nodes().join();

            assertThat(engine.requests).containsExactly("/version", "/v1.41/nodes", "/v1.41/nodes");
        }
    }

    @Test
    void taskFiltersAreSentAsEncodedJson() throws Exception {
        try (FakeEngine engine = new FakeEngine(dir.resolve("e.sock"));
             DockerClient client = new DockerClient(engine.endpoint())) {
            engine.answer("/version", 200, captured("version.json"))
                    .answer("/v1.41/tasks", 200, captured("tasks.json"));

            client.tasks("web").join();

            assertThat(engine.requests).last()
                    .isEqualTo("/v1.41/tasks?filters=%7B%22service%22%3A%5B%22web%22%5D%7D");
        }
    }

    @Test
    void anUnchangedTaskListingInAnotherOrderGivesTheSameListAndAChangedOneANewList() throws Exception {
        ArrayNode tasks = (ArrayNode) EngineJson.MAPPER.readTree(captured("tasks.json"));
        ArrayNode reversed = EngineJson.MAPPER.createArrayNode().add(tasks.get(1)).add(tasks.get(0));
        try (FakeEngine engine = new FakeEngine(dir.resolve("e.sock"));
             DockerClient client = new DockerClient(engine.endpoint())) {
            engine.answer("/version", 200, captured("version.json"))
                    .answer("/v1.41/tasks", 200, EngineJson.MAPPER.writeValueAsBytes(tasks));
            List<SwarmTask> first = client.tasks("web").join();

            engine.answer("/v1.41/tasks", 200, EngineJson.MAPPER.writeValueAsBytes(reversed));
            List<SwarmTask> reordered = client.tasks("web").join();

            ((ObjectNode) tasks.get(0).path("Status")).put("State", "orphaned");
            engine.answer("/v1.41/tasks", 200, EngineJson.MAPPER.writeValueAsBytes(tasks));
            List<SwarmTask> changed = client.tasks("web").join();

            assertThat(reordered).isSameAs(first);
            assertThat(changed).isNotSameAs(first).extracting(SwarmTask::state).contains("orphaned");
            assertThat(client.tasks("other").join()).as("other filters are parsed anew").isNotSameAs(changed)
                    .isEqualTo(changed);
        }
    }

    @Test
    void notASwarmManagerIsUnavailableWithTheFix() throws Exception {
        try (FakeEngine engine = new FakeEngine(dir.resolve("e.sock"));
             DockerClient client = new DockerClient(engine.endpoint())) {
            engine.answer("/version", 200, captured("version.json"))
                    .answer("/v1.41/services", 503, "{\"message\":\"This node is not a swarm manager. Use \\\"docker"
                            + " swarm init\\\" or \\\"docker swarm join\\\" to connect this node to swarm and try"
                            + " again.\"}");

            assertThatThrownBy(() -> client.services().join())
                    .cause()
                    .isInstanceOf(DockerUnavailableException.class)
                    .hasMessageStartingWith("Docker at unix://" + engine.socket + " is not a swarm manager (This node")
                    .hasMessageContaining("node.role == manager");
        }
    }

    @Test
    void otherErrorStatusesKeepTheEngineMessage() throws Exception {
        try (FakeEngine engine = new FakeEngine(dir.resolve("e.sock"));
             DockerClient client = new DockerClient(engine.endpoint())) {
            engine.answer("/version", 200, captured("version.json"));

            assertThatThrownBy(() -> client.tasks(Map.of()).join())
                    .cause()
                    .isInstanceOf(DockerApiException.class)
                    .hasMessage("GET /v1.41/tasks on unix://" + engine.socket + " -> HTTP 404: page not found");
        }
    }

    @Test
    void aFailedVersionQuestionIsAskedAgainNextTime() throws Exception {
        try (FakeEngine engine = new FakeEngine(dir.resolve("e.sock"));
             DockerClient client = new DockerClient(engine.endpoint())) {
            engine.answer("/version", 500, "{\"message\":\"starting\"}");
            assertThatThrownBy(() -> client.apiVersion().join()).cause().isInstanceOf(DockerApiException.class);

            engine.answer("/version", 200, captured("version.json"));

            assertThat(client.apiVersion().join()).isEqualTo(new ApiVersion(1, 41));
        }
    }

    @Test
    void tooOldEngineIsRefusedWithItsVersion() throws Exception {
        try (FakeEngine engine = new FakeEngine(dir.resolve("e.sock"));
             DockerClient client = new DockerClient(engine.endpoint())) {
            engine.answer("/version", 200, "{\"ApiVersion\":\"1.30\",\"Version\":\"17.06.0\"}");

            assertThatThrownBy(() -> client.apiVersion().join())
                    .cause()
                    .isInstanceOf(DockerUnavailableException.class)
                    .hasMessageContaining("speaks API 1.30 (engine 17.06.0)");
        }
    }

    @Test
    void engineThatNeverAnswersTimesOut() throws Exception {
        try (FakeEngine engine = new FakeEngine(dir.resolve("e.sock"));
             DockerClient client = new DockerClient(engine.endpoint(), Duration.ofMillis(300))) {
            engine.answer("/version", FakeEngine.SILENT, "");

            assertThatThrownBy(() -> client.apiVersion().join())
                    .cause()
                    .isInstanceOf(DockerUnavailableException.class)
                    .hasMessage("Docker at unix://" + engine.socket + " did not answer GET /version within 300 ms");
        }
    }

    // Tests run as root, which opens any socket, so EACCES is shown to the mapping as the epoll error text.
    @Test
    void permissionDeniedSaysWhichGroupToJoin() throws Exception {
        try (FakeEngine engine = new FakeEngine(dir.resolve("e.sock"));
             DockerClient client = new DockerClient(engine.endpoint())) {
            DockerUnavailableException e = client.connectFailure(
                    new IOException("connect(..) failed: Permission denied"));

            assertThat(e).hasMessageStartingWith("Permission denied on Docker socket " + engine.socket
                    + " (EACCES). Run as root or with the socket's group");
        }
    }

    @Test
    void socketWithoutListenerAsksWhetherDockerdRuns() throws Exception {
        try (FakeEngine engine = new FakeEngine(dir.resolve("e.sock"));
             DockerClient client = new DockerClient(engine.endpoint())) {
            DockerUnavailableException e = client.connectFailure(
                    new IOException("connect(..) failed: Connection refused"));

            assertThat(e).hasMessageContaining("(connection refused): is dockerd running?");
        }
    }
}
