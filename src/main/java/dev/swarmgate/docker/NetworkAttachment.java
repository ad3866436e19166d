package dev.swarmgate.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A task's place on one network: the addresses it is reachable at there, without the {@code /24} prefix length
 * the engine appends, so they can be dialled as they are.
 */
public record NetworkAttachment(String networkId, String networkName, List<String> addresses) {

    public NetworkAttachment {
        addresses = List.copyOf(addresses);
    }

    static NetworkAttachment fromJson(JsonNode node) {
        List<String> addresses = new ArrayList<>();
        node.path("Addresses").forEach(a -> addresses.add(withoutPrefixLength(a.asText())));
        return new NetworkAttachment(
                EngineJson.text(node, "Network", "ID"),
                EngineJson.text(node, "Network", "Spec", "Name"),
                addresses);
    }

    static String withoutPrefixLength(String cidr) {
        int slash = cidr.indexOf('/');
        return slash < 0 ? cidr : cidr.substring(0, slash);
    }
}
