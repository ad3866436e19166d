package dev.swarmgate.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One task of a service: where swarm wants it ({@code desiredState}), where it is ({@code state}), and its
 * addresses on each attached network, which are the backends the proxy balances over.
 *
 * @param slot the replica number; 0 for tasks of a global service
 * @param state the observed state in lower case, such as {@code running}, {@code failed}, {@code shutdown}
 * @param containerId the full id of the task's container; "" before the container exists
 */
public record SwarmTask(String id, String serviceId, String nodeId, long slot, String desiredState, String state,
                        String containerId, List<NetworkAttachment> networkAttachments) {

    public SwarmTask {
        networkAttachments = List.copyOf(networkAttachments);
    }

    /** Running now and meant to keep running: the only tasks worth sending traffic to. */
    public boolean isRunning() {
        return "running".equals(state) && "running".equals(desiredState);
    }

    static SwarmTask fromJson(JsonNode node) {
        return new SwarmTask(
                EngineJson.text(node, "ID"),
                EngineJson.text(node, "ServiceID"),
                EngineJson.text(node, "NodeID"),
                EngineJson.number(node, "Slot"),
                EngineJson.text(node, "DesiredState"),
                EngineJson.text(node, "Status", "State"),
                EngineJson.text(node, "Status", "ContainerStatus", "ContainerID"),
                EngineJson.list(node.path("NetworksAttachments"), NetworkAttachment::fromJson));
    }
}
