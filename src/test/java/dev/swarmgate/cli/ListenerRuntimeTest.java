package dev.swarmgate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code swarmgate listener} wired from its environment, without a reachable Docker. */
class ListenerRuntimeTest {

    @TempDir
    Path secrets;

    @Test
    void answersPingWhileDockerIsUnreachable() throws Exception {
        Map<String, String> env = Map.of("DF_DOCKER_HOST", "unix:///nonexistent/docker.sock", "LISTENER_IP",
                "127.0.0.1", "LISTENER_PORT", "0", "DF_NOTIFY_CREATE_SERVICE_URL", "http://proxy:8080/reconfigure");
        try (ListenerRuntime runtime = ListenerRuntime.fromEnvironment(env, secrets).start();
             HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> ping = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + runtime.port() + "/v1/docker-flow-swarm-listener/ping")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(ping.statusCode()).isEqualTo(200);
            assertThat(runtime.feed().current().version()).as("nothing listed").isZero();
        }
    }

    @Test
    void aMalformedVariableStopsTheStartWithItsName() {
        assertThatThrownBy(() -> ListenerRuntime.fromEnvironment(Map.of("DF_RETRY_INTERVAL", "5s"), secrets))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("DF_RETRY_INTERVAL=5s is not valid");
    }

    @Test
    void isASubcommandOfSwarmgate() {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new Main()).setOut(new PrintWriter(out));

        assertThat(command.execute("listener", "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: swarmgate listener").contains("--port");
    }
}
