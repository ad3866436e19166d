package dev.swarmgate.testing.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A proxy's admin API as seen from the test JVM through its published port: the few read-only endpoints the swarm
 * scenarios watch (the services it serves, its configuration version, the task addresses behind each service).
 */
public final class AdminApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final int port;

    public AdminApi(int port) {
        this.port = port;
    }

    public int port() {
        return port;
    }

    /**
     * What {@code /v1/swarmgate/version} says: equal fingerprints mean equal configurations; a proxy fed by
     * listeners' feeds also says which version of each listener's list it applied.
     */
    public record Version(long version, String fingerprint, int services, Map<String, Long> listenerVersions) {
    }

    /** Whether {@code /v1/docker-flow-proxy/ping} answers 200 right now. */
    public boolean answers() {
        return FreshGet.send(port, "/v1/docker-flow-proxy/ping", TIMEOUT).ok();
    }

    /** {@code /v1/docker-flow-proxy/config?type=json}: each service's parameters by service name. */
    public JsonNode config() {
        return json("/v1/docker-flow-proxy/config?type=json");
    }

    /** Whether the configuration has a service of that name. */
    public boolean serves(String serviceName) {
        return config().has(serviceName);
    }

    public Version version() {
        JsonNode version = json("/v1/swarmgate/version");
        Map<String, Long> listenerVersions = new TreeMap<>();
        version.path("listenerVersions").properties()
                .forEach(listener -> listenerVersions.put(listener.getKey(), listener.getValue().asLong()));
        return new Version(version.path("version").asLong(), version.path("fingerprint").asText(),
                version.path("services").asInt(), Map.copyOf(listenerVersions));
    }

    /** The endpoint addresses ({@code ip:port}) behind a service right now, over all its backends. */
    public List<String> endpoints(String serviceName) {
        List<String> addresses = new ArrayList<>();
        for (JsonNode backend : json("/v1/swarmgate/endpoints").path(serviceName)) {
            backend.path("endpoints").forEach(endpoint -> addresses.add(endpoint.path("address").asText()));
        }
        return addresses;
    }

    /** The JSON body of a 200 from {@code path}; anything else is an IllegalStateException saying what came. */
    public JsonNode json(String path) {
        FreshGet.Answer answer = FreshGet.send(port, path, TIMEOUT);
        if (!answer.ok()) {
            throw new IllegalStateException("admin API 127.0.0.1:" + port + path + ": " + answer.describe());
        }
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new IllegalStateException("admin API 127.0.0.1:" + port + path + " answered no JSON: "
                    + answer.body(), e);
        }
    }
}
