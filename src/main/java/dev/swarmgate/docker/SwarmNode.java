package dev.swarmgate.docker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A swarm node: its role, whether it takes tasks ({@code availability}) and whether it is up ({@code state}).
 *
 * @param address the address the node reports to the swarm ({@code Status.Addr})
 * @param leader whether this node is the Raft leader among the managers
 */
public record SwarmNode(String id, String hostname, String role, String availability, String state,
                        String address, boolean leader) {

    static SwarmNode fromJson(JsonNode node) {
        return new SwarmNode(
                EngineJson.text(node, "ID"),
                EngineJson.text(node, "Description", "Hostname"),
                EngineJson.text(node, "Spec", "Role"),
                EngineJson.text(node, "Spec", "Availability"),
                EngineJson.text(node, "Status", "State"),
                EngineJson.text(node, "Status", "Addr"),
                EngineJson.at(node, "ManagerStatus", "Leader").asBoolean(false));
    }
}
