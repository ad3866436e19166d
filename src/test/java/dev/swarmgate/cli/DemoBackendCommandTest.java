package dev.swarmgate.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code swarmgate demo-backend}: the demo's backend on its own, on every interface, for a swarm service. */
class DemoBackendCommandTest {

    @Test
    void answersHelloAndEchoUnderAnyServicePathOnEveryInterface() throws Exception {
        DemoBackendCommand command = new DemoBackendCommand();
        new CommandLine(command).parseArgs("--port", "0");
        try (DemoBackend backend = command.start(); HttpClient client = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + backend.port();
            HttpResponse<String> hello = client.send(HttpRequest.newBuilder(URI.create(base + "/hello")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> echo = client.send(HttpRequest.newBuilder(URI.create(base + "/hello/echo"))
                    .header("X-Demo", "yes").build(), HttpResponse.BodyHandlers.ofString());

            assertThat(command.host).isEqualTo("0.0.0.0");
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.body()).startsWith("hello from demo backend ").endsWith("\n");
            assertThat(echo.body()).startsWith("GET /hello/echo\n").contains("X-demo: yes\n");
        }
    }

    @Test
    void helpShowsTheSwarmServiceToCreate() {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new Main()).setOut(new PrintWriter(out));

        assertThat(command.execute("demo-backend", "--help")).isZero();
        assertThat(out.toString()).contains("--label com.df.servicePath=/hello")
                .contains("swarmgate/swarmgate:latest demo-backend");
    }
}
