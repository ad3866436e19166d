package dev.swarmgate.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A swarm node: its role, whether it takes tasks ({@code availability}) and whether it is up ({@code state}).
 *
 * @param address the address the node reports to the swarm ({@code Status.Addr})
 * @param leader whether this node is the Raft leader among the managers
 * @param versionIndex changes with every update of the node
 * @param labels the node labels ({@code docker node update --label-add})
 * @param engineLabels the labels of the node's Docker engine ({@code daemon.json} {@code labels})
 */
public record SwarmNode(String id, String hostname, String role, String availability, String state,
                        String address, boolean leader, long versionIndex, Map<String, String> labels,
                        Map<String, String> engineLabels) {

    public SwarmNode {
        labels = Map.copyOf(labels);
        engineLabels = Map.copyOf(engineLabels);
    }

    static SwarmNode fromJson(JsonNode node) {
        return new SwarmNode(
                EngineJson.text(node, "ID"),
                EngineJson.text(node, "Description", "Hostname"),
                EngineJson.text(node, "Spec", "Role"),
                EngineJson.text(node, "Spec", "Availability"),
                EngineJson.text(node, "Status", "State"),
                EngineJson.text(node, "Status", "Addr"),
                EngineJson.at(node, "ManagerStatus", "Leader").asBoolean(false),
                EngineJson.number(node, "Version", "Index"),
                EngineJson.labels(node, "Spec", "Labels"),
                EngineJson.labels(node, "Description", "Engine", "Labels"));
    }
}
