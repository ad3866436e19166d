package dev.swarmgate.cli;

import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.Settings;
import dev.swarmgate.config.Timeouts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The wired proxy in-process. Needs the real parser and gateway, so it passes only once those are merged. */
class ProxyRuntimeTest {

    @TempDir
    Path stateDir;

    @Test
    void servicesMadeThroughTheApiAreServedAgainAfterARestart() throws Exception {
        Settings settings = new Settings(0, "0.0.0.0", "127.0.0.1", 0, List.of(new ListenerSpec(freePort(), false, false)),
                List.of(), Timeouts.dfpDefaults(), ",", DomainMatch.PREFIX, false, Optional.of(stateDir),
                Optional.empty(), List.of());
        try (ProxyRuntime first = new ProxyRuntime(settings, Map.of()).start();
             HttpClient client = HttpClient.newHttpClient()) {
            URI reconfigure = URI.create("http://127.0.0.1:" + first.adminPort()
                    + "/v1/docker-flow-proxy/reconfigure?serviceName=go-demo&servicePath=/demo&port=8080");
            HttpResponse<String> response =
                    client.send(HttpRequest.newBuilder(reconfigure).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        }

        try (ProxyRuntime second = new ProxyRuntime(settings, Map.of()).start()) {
            assertThat(second.store().services()).containsKey("go-demo");
            assertThat(second.store().current().config().services()).containsKey("go-demo");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
