package dev.swarmgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.Settings;
import dev.swarmgate.config.Timeouts;
import dev.swarmgate.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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

    @Test
    void aTcpServiceOnTheAdminPortIsRefusedWith400() throws Exception {
        int adminPort = freePort();
        try (ProxyRuntime proxy = new ProxyRuntime(settings(adminPort, freePort()), Map.of()).start();
             HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = get(client, adminPort,
                    "/v1/docker-flow-proxy/reconfigure?serviceName=db&reqMode=tcp&srcPort=" + adminPort + "&port=5432");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body())
                    .contains("srcPort " + adminPort + " is the admin API's port (PORT); choose another");
            assertThat(proxy.store().services()).doesNotContainKey("db");
            assertThat(get(client, adminPort, "/v1/docker-flow-proxy/ping").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aPersistedTcpServiceOnTheAdminPortIsSkippedAtStartAndTheOthersServe() throws Exception {
        int adminPort = freePort();
        persist(service("go-demo", "servicePath", "/demo", "port", "8080"),
                service("db", "reqMode", "tcp", "srcPort", Integer.toString(adminPort), "port", "5432"));

        try (LogCapture log = LogCapture.all();
             ProxyRuntime proxy = new ProxyRuntime(settings(adminPort, freePort()), Map.of()).start();
             HttpClient client = HttpClient.newHttpClient()) {
            assertThat(proxy.store().services()).containsOnlyKeys("go-demo");
            assertThat(get(client, adminPort, "/v1/docker-flow-proxy/ping").statusCode()).isEqualTo(200);
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("db")
                    .contains("srcPort " + adminPort + " is the admin API's port (PORT)"));
        }
    }

    @Test
    void aPersistedTcpServiceOnAnHttpListenerPortIsSkippedAtStartAndTheOthersServe() throws Exception {
        int adminPort = freePort();
        int httpPort = freePort();
        persist(service("go-demo", "servicePath", "/demo", "port", "8080"),
                service("db", "reqMode", "tcp", "srcPort", Integer.toString(httpPort), "port", "5432"));

        try (LogCapture log = LogCapture.all();
             ProxyRuntime proxy = new ProxyRuntime(settings(adminPort, httpPort), Map.of()).start()) {
            assertThat(proxy.store().services()).containsOnlyKeys("go-demo");
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("db")
                    .contains("srcPort " + httpPort + " is already taken by the proxy's HTTP listener"
                            + " (DEFAULT_PORTS)"));
        }
    }

    @Test
    void aPersistedServiceTheParserNowRefusesIsSkippedAtStartAndTheOthersServe() throws Exception {
        persist(service("go-demo", "servicePath", "/demo", "port", "8080"),
                service("db", "reqMode", "tcp", "port", "5432", "users", "admin:hunter2"));

        try (LogCapture log = LogCapture.all();
             ProxyRuntime proxy = new ProxyRuntime(settings(freePort(), freePort()), Map.of()).start()) {
            assertThat(proxy.store().services()).containsOnlyKeys("go-demo");
            assertThat(log.lines()).noneMatch(line -> line.contains("hunter2"))
                    .anySatisfy(line -> assertThat(line).contains("API service db is skipped")
                            .contains("reqMode=tcp needs srcPort"));
        }
    }

    private Settings settings(int adminPort, int httpPort) {
        return new Settings(0, "0.0.0.0", "127.0.0.1", adminPort, List.of(new ListenerSpec(httpPort, false, false)),
                List.of(), Timeouts.dfpDefaults(), ",", DomainMatch.PREFIX, false, Optional.of(stateDir),
                Optional.empty(), List.of());
    }

    /** One entry of services.json, as an earlier run saved it. */
    private static Map<String, Object> service(String name, String... parameters) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        map.put("serviceName", List.of(name));
        for (int i = 0; i < parameters.length; i += 2) {
            map.put(parameters[i], List.of(parameters[i + 1]));
        }
        return Map.of("serviceName", name, "parameters", map);
    }

    @SafeVarargs
    private void persist(Map<String, Object>... entries) throws IOException {
        Files.writeString(stateDir.resolve("services.json"), new ObjectMapper().writeValueAsString(List.of(entries)));
    }

    private static HttpResponse<String> get(HttpClient client, int adminPort, String pathAndQuery)
            throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
