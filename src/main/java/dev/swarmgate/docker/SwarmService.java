package dev.swarmgate.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A swarm service as far as the proxy cares: its labels (where the routing configuration lives), the version
 * index that changes with every update, and how many tasks it should run.
 *
 * @param replicas wanted tasks for a replicated service; 0 for a global one (one per eligible node)
 * @param endpointMode {@code vip} or {@code dnsrr}
 * @param image the image the tasks run, as given to {@code docker service create}
 */
public record SwarmService(String id, String name, Map<String, String> labels, long versionIndex, Mode mode,
                           long replicas, String endpointMode, String image) {

    public enum Mode { REPLICATED, GLOBAL, REPLICATED_JOB, GLOBAL_JOB, UNKNOWN }

    public SwarmService {
        labels = Map.copyOf(labels);
    }

    static SwarmService fromJson(JsonNode node) {
        JsonNode mode = node.path("Spec").path("Mode");
        Mode kind = mode.has("Replicated") ? Mode.REPLICATED
                : mode.has("Global") ? Mode.GLOBAL
                : mode.has("ReplicatedJob") ? Mode.REPLICATED_JOB
                : mode.has("GlobalJob") ? Mode.GLOBAL_JOB
                : Mode.UNKNOWN;
        long replicas = kind == Mode.REPLICATED ? EngineJson.number(mode, "Replicated", "Replicas") : 0;
        String endpointMode = EngineJson.text(node, "Spec", "EndpointSpec", "Mode");
        return new SwarmService(
                EngineJson.text(node, "ID"),
                EngineJson.text(node, "Spec", "Name"),
                EngineJson.labels(node, "Spec", "Labels"),
                EngineJson.number(node, "Version", "Index"),
                kind,
                replicas,
                endpointMode.isEmpty() ? "vip" : endpointMode,
                EngineJson.text(node, "Spec", "TaskTemplate", "ContainerSpec", "Image"));
    }
}
