package dev.swarmgate.listener;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmgate.cli.ListenerRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static dev.swarmgate.listener.ListenerFixture.RECONFIGURE;
import static dev.swarmgate.listener.ListenerFixture.REMOVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code swarmgate listener} against the real engine at DF_DOCKER_HOST/DOCKER_HOST (default /var/run/docker.sock),
 * a swarm manager: services are created, updated and removed with the docker CLI, and the notifications arrive at
 * a real HTTP server standing in for the proxy. The service runs {@code busybox sleep} from an image built here
 * {@code FROM scratch} with Debian's busybox-static, so its task really runs. Run with
 * {@code -Dgroups=swarm -DexcludedGroups=none}.
 */
@Tag("swarm")
class ListenerSwarmTest {

    private static final String IMAGE = "swarmgate-listener-test/busybox:1";
    private static final Duration DOCKER = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecordingProxy proxy = new RecordingProxy();
    private final String name = "sglt-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final List<String> created = new ArrayList<>();
    private ListenerRuntime listener;

    @TempDir
    Path secrets;

    @BeforeAll
    static void buildImage(@TempDir Path context) throws Exception {
        if (docker("image", "inspect", IMAGE).exit() == 0) {
            return;
        }
        Path busybox = Path.of("/bin/busybox");
        assertThat(busybox).as("install Debian's busybox-static (apt-get install -y busybox-static)").exists();
        Files.copy(busybox, context.resolve("busybox"));
        Files.writeString(context.resolve("Dockerfile"), """
                FROM scratch
                COPY busybox /bin/busybox
                ENTRYPOINT ["/bin/busybox"]
                """);
        Result build = docker("build", "-q", "-t", IMAGE, context.toString());
        assertThat(build.exit()).as(build.output()).isZero();
    }

    @AfterEach
    void cleanUp() {
        for (String service : created) {
            try {
                docker("service", "rm", service);
            } catch (Exception e) {
                // best effort: the name is unique to this run
            }
        }
        if (listener != null) {
            listener.close();
        }
        proxy.close();
    }

    private record Result(int exit, String output) {
    }

    private static Result docker(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(DOCKER.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("docker " + String.join(" ", arguments) + " took over " + DOCKER);
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8));
    }

    private static void mustDocker(String... arguments) throws IOException, InterruptedException {
        Result result = docker(arguments);
        assertThat(result.exit()).as("docker %s: %s", String.join(" ", arguments), result.output()).isZero();
    }

    private Optional<String> lastQueryFor(String path) {
        return proxy.requestsTo(path).stream().map(RecordingProxy.Seen::query)
                .filter(query -> query.contains("serviceName=" + name + "&") || query.endsWith("serviceName=" + name))
                .reduce((first, second) -> second);
    }

    private List<Map<String, String>> getServices(HttpClient client) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + listener.port() + "/v1/docker-flow-swarm-listener/get-services")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readValue(response.body(), new TypeReference<>() { });
    }

    @Test
    void createUpdateAndRemoveOfALabelledServiceReachTheProxy() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.putAll(Map.of("DF_NOTIFY_CREATE_SERVICE_URL", proxy.url(RECONFIGURE),
                "DF_NOTIFY_REMOVE_SERVICE_URL", proxy.url(REMOVE), "DF_RETRY_INTERVAL", "1",
                "LISTENER_IP", "127.0.0.1", "LISTENER_PORT", "0"));
        listener = ListenerRuntime.fromEnvironment(env, secrets).start();
        listener.detector().firstListing().get(30, TimeUnit.SECONDS);

        created.add(name);
        mustDocker("service", "create", "--detach", "--no-resolve-image", "--name", name,
                "--label", "com.df.notify=true", "--label", "com.df.servicePath=/demo", "--label", "com.df.port=8080",
                "--restart-condition", "none", "--stop-grace-period", "1s", IMAGE, "sleep", "600");

        await().atMost(DOCKER).until(() -> lastQueryFor(RECONFIGURE).isPresent());
        assertThat(lastQueryFor(RECONFIGURE)).contains(
                "distribute=true&port=8080&replicas=1&serviceName=" + name + "&servicePath=%2Fdemo");
        try (HttpClient client = HttpClient.newHttpClient()) {
            await().atMost(DOCKER).until(() -> getServices(client).stream()
                    .anyMatch(service -> name.equals(service.get("serviceName"))));
        }
        assertThat(listener.feed().current().services()).anySatisfy(service ->
                assertThat(service).containsEntry("serviceName", name).containsEntry("servicePath", "/demo"));

        mustDocker("service", "update", "--detach", "--label-add", "com.df.servicePath=/other", name);

        await().atMost(DOCKER).until(() -> lastQueryFor(RECONFIGURE).orElse("").contains("servicePath=%2Fother"));
        assertThat(lastQueryFor(RECONFIGURE)).contains(
                "distribute=true&port=8080&replicas=1&serviceName=" + name + "&servicePath=%2Fother");

        mustDocker("service", "rm", name);
        created.remove(name);

        await().atMost(DOCKER).until(() -> lastQueryFor(REMOVE).isPresent());
        assertThat(lastQueryFor(REMOVE)).contains(
                "distribute=true&port=8080&serviceName=" + name + "&servicePath=%2Fother");
        assertThat(listener.feed().current().services())
                .noneSatisfy(service -> assertThat(service).containsEntry("serviceName", name));
    }
}
