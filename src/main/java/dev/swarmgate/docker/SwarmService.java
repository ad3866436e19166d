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
 * @param containerLabels the labels of the service's containers ({@code Spec.TaskTemplate.ContainerSpec.Labels}: a
 *                        stack file's service-level {@code labels:}, {@code --container-label}), which the proxy
 *                        never reads as configuration but checks for {@code com.df.*} labels put there by mistake
 */
public record SwarmService(String id, String name, Map<String, String> labels, long versionIndex, Mode mode,
                           long replicas, String endpointMode, String image, Map<String, String> containerLabels) {

    public enum Mode { REPLICATED, GLOBAL, REPLICATED_JOB, GLOBAL_JOB, UNKNOWN }

    public SwarmService {
        labels = Map.copyOf(labels);
        containerLabels = Map.copyOf(containerLabels);
    }

    /** A service whose containers carry no labels. */
    public SwarmService(String id, String name, Map<String, String> labels, long versionIndex, Mode mode,
                        long replicas, String endpointMode, String image) {
        this(id, name, labels, versionIndex, mode, replicas, endpointMode, image, Map.of());
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
                EngineJson.text(node, "Spec", "TaskTemplate", "ContainerSpec", "Image"),
                EngineJson.labels(node, "Spec", "TaskTemplate", "ContainerSpec", "Labels"));
    }
}
