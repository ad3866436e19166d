package dev.swarmgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.ReplicaSync;
import dev.swarmgate.config.Settings;
import dev.swarmgate.config.Timeouts;
import dev.swarmgate.config.dfp.ServiceParameters;
import dev.swarmgate.httpapi.ApiServer;
import dev.swarmgate.routing.Snapshot;
import dev.swarmgate.store.ConfigStore;
import dev.swarmgate.sync.ListenerSync;
import dev.swarmgate.sync.ReplicaFanOut;
import dev.swarmgate.testing.RawHttp;
import dev.swarmgate.testing.ResponseHead;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A real admin server on 127.0.0.1:0 over a real store, and a JDK client to call it. There is no Swarm listener, and
 * {@code tasks.proxy} resolves to 127.0.0.1, so a {@code distribute=true} request fans out to this server alone.
 */
final class AdminFixture implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final ConfigStore store;
    final ApiServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ListenerSync listeners;

    AdminFixture(ServiceRequestParser parser, Optional<Path> stateDir, Supplier<Snapshot> active)
            throws InterruptedException {
        Settings settings = settings(stateDir);
        this.store = new ConfigStore(settings);
        this.listeners = new ListenerSync(ReplicaSync.DEFAULTS, new ServiceParameters(settings), store, () -> client,
                addresses -> { });
        int[] port = new int[1];
        ReplicaFanOut replicas = new ReplicaFanOut(ReplicaSync.DEFAULTS, () -> port[0],
                host -> CompletableFuture.completedFuture(List.of(InetAddress.getLoopbackAddress())), () -> client);
        this.server = new ApiServer("Admin API", "127.0.0.1", 0, 1024 * 1024, new AdminRouter(parser, store, active, target -> null, listeners,
                replicas))
                .start();
        port[0] = server.port();
    }

    static Settings settings(Optional<Path> stateDir) {
        return new Settings(0, "0.0.0.0", "127.0.0.1", 0, List.of(new ListenerSpec(80, false, false)), List.of(),
                Timeouts.dfpDefaults(), ",", DomainMatch.PREFIX, false, stateDir, Optional.empty(), List.of());
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send("GET", pathAndQuery);
    }

    HttpResponse<String> send(String method, String pathAndQuery) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** What the admin API answered to a request sent as written, for targets a URI class would refuse to build. */
    record RawAnswer(int status, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    /** A GET with the request target exactly as given (no encoding, no validation), read until the server closes. */
    RawAnswer getRaw(String target) {
        try (RawHttp http = RawHttp.connect(server.port())) {
            http.write("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            ResponseHead head = http.readHead();
            return new RawAnswer(head.status(), new String(http.readToEnd(), StandardCharsets.UTF_8));
        }
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        listeners.close();
        server.close();
        store.close();
        client.close();
    }
}
