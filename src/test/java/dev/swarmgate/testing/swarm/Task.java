package dev.swarmgate.testing.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One task of a service as {@code docker inspect --type task} shows it: its state, its container (whose short id
 * is the container's hostname, which the backend puts in every answer), its IPv4 addresses per network (without
 * the {@code /24} the engine appends), its host-mode published ports, and when it reached its current state
 * ({@code Status.Timestamp}: for a running task, the moment the engine saw its container start).
 */
public record Task(String id, int slot, String state, String desiredState, String containerId,
                   Map<String, List<String>> addressesByNetwork, Map<Integer, Integer> publishedPorts,
                   Instant stateSince) {

    public boolean isRunning() {
        return "running".equals(state);
    }

    /** The container's default hostname: the first 12 characters of its id ("" while it has no container). */
    public String hostname() {
        return containerId.length() >= 12 ? containerId.substring(0, 12) : containerId;
    }

    public List<String> addresses(String network) {
        return addressesByNetwork.getOrDefault(network, List.of());
    }

    /** The host port a host-mode {@code --publish} bound for {@code targetPort}, if this task has one. */
    public OptionalInt publishedPort(int targetPort) {
        Integer port = publishedPorts.get(targetPort);
        return port == null ? OptionalInt.empty() : OptionalInt.of(port);
    }

    static Task fromInspect(JsonNode task) {
        JsonNode status = task.path("Status");
        Map<String, List<String>> addresses = new LinkedHashMap<>();
        for (JsonNode attachment : task.path("NetworksAttachments")) {
            addresses.put(attachment.path("Network").path("Spec").path("Name").asText(),
                    attachment.path("Addresses").valueStream().map(a -> a.asText().replaceFirst("/\\d+$", ""))
                            .toList());
        }
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (JsonNode port : status.path("PortStatus").path("Ports")) {
            ports.putIfAbsent(port.path("TargetPort").asInt(), port.path("PublishedPort").asInt());
        }
        String timestamp = status.path("Timestamp").asText("");
        return new Task(task.path("ID").asText(), task.path("Slot").asInt(), status.path("State").asText(),
                task.path("DesiredState").asText(), status.path("ContainerStatus").path("ContainerID").asText(""),
                Map.copyOf(addresses), Map.copyOf(ports),
                timestamp.isEmpty() ? Instant.EPOCH : OffsetDateTime.parse(timestamp).toInstant());
    }
}
