package dev.swarmgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.Settings;
import dev.swarmgate.config.Timeouts;
import dev.swarmgate.routing.Snapshot;
import dev.swarmgate.store.ConfigStore;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** A real admin server on 127.0.0.1:0 over a real store, and a JDK client to call it. */
final class AdminFixture implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final ConfigStore store;
    final AdminServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AdminFixture(ServiceRequestParser parser, Optional<Path> stateDir, Supplier<Snapshot> active)
            throws InterruptedException {
        this.store = new ConfigStore(settings(stateDir));
        this.server = new AdminServer("127.0.0.1", 0, new AdminRouter(parser, store, active)).start();
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

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        server.close();
        store.close();
        client.close();
    }
}
