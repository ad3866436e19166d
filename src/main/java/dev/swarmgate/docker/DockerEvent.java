package dev.swarmgate.docker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One message of the Engine's {@code /events} stream, such as a service being created, updated or removed.
 *
 * @param type     what changed: {@code service}, {@code node}, {@code container}, ...
 * @param action   {@code create}, {@code update}, {@code remove}, ...
 * @param actorId  the id of the object that changed
 * @param actorName its name when the engine sends one ({@code Actor.Attributes.name}), else ""
 * @param timeNano when it happened, in nanoseconds since the epoch
 */
public record DockerEvent(String type, String action, String actorId, String actorName, long timeNano) {

    static DockerEvent fromJson(JsonNode node) {
        return new DockerEvent(
                EngineJson.text(node, "Type"),
                EngineJson.text(node, "Action"),
                EngineJson.text(node, "Actor", "ID"),
                EngineJson.text(node, "Actor", "Attributes", "name"),
                EngineJson.number(node, "timeNano"));
    }
}
