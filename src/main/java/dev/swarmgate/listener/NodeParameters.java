package dev.swarmgate.listener;

import dev.swarmgate.docker.SwarmNode;

import java.util.Map;
import java.util.TreeMap;

/**
 * A node as DFSL's get-nodes shows it: the {@code com.df.*} labels of its engine, then of the node (which win),
 * without the prefix, and {@code id, hostname, address, versionIndex, state, role, availability}.
 */
final class NodeParameters {

    private static final String PREFIX = "com.df.";

    private NodeParameters() {
    }

    static Map<String, String> of(SwarmNode node) {
        Map<String, String> parameters = new TreeMap<>();
        addLabels(node.engineLabels(), parameters);
        addLabels(node.labels(), parameters);
        parameters.put("id", node.id());
        parameters.put("hostname", node.hostname());
        parameters.put("address", node.address());
        parameters.put("versionIndex", Long.toString(node.versionIndex()));
        parameters.put("state", node.state());
        parameters.put("role", node.role());
        parameters.put("availability", node.availability());
        return parameters;
    }

    private static void addLabels(Map<String, String> labels, Map<String, String> into) {
        labels.forEach((key, value) -> {
            if (key.startsWith(PREFIX) && key.length() > PREFIX.length()) {
                into.put(key.substring(PREFIX.length()), value);
            }
        });
    }
}
