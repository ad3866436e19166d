package dev.swarmgate.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the two list formats a listener answers: DFSL's {@code get-services} (a JSON array of string-to-string
 * objects, one per service) and Swarmgate's feed ({@code {"version": n, "services": [...], "taskAddresses":
 * {"<serviceName>": ["10.0.1.5", ...]}}}, the last field optional: listeners before it do not send it, and proxies
 * before it ignore it). A malformed entry becomes a {@link ListedService} with a problem, and malformed task
 * addresses leave their service to DNS with a problem, so one bad service never hides the others; only a body that
 * is not a list at all is an error.
 */
final class ServiceSetJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceSetJson() {
    }

    /** A {@code get-services} body. */
    static ServiceSet getServices(String body) throws MalformedListException {
        JsonNode root = read(body);
        if (!root.isArray()) {
            throw new MalformedListException("expected a JSON array of services, got " + kind(root));
        }
        return new ServiceSet(entries(root), OptionalLong.empty());
    }

    /** A feed body. */
    static ServiceSet feed(String body) throws MalformedListException {
        JsonNode root = read(body);
        if (!root.isObject()) {
            throw new MalformedListException("expected a JSON object with version and services, got " + kind(root));
        }
        JsonNode version = root.get("version");
        if (version == null || !version.canConvertToExactIntegral() || !version.isIntegralNumber()) {
            throw new MalformedListException("\"version\" must be a whole number, got "
                    + (version == null ? "nothing" : version.toString()));
        }
        JsonNode services = root.get("services");
        if (services == null || !services.isArray()) {
            throw new MalformedListException("\"services\" must be a JSON array of services, got "
                    + (services == null ? "nothing" : kind(services)));
        }
        List<String> problems = new ArrayList<>();
        Map<String, List<InetAddress>> taskAddresses = taskAddresses(root.get("taskAddresses"), problems);
        return new ServiceSet(entries(services), OptionalLong.of(version.asLong()), taskAddresses, problems);
    }

    /** The feed's task addresses by serviceName; what cannot be read is named in {@code problems} and left out. */
    private static Map<String, List<InetAddress>> taskAddresses(JsonNode node, List<String> problems) {
        Map<String, List<InetAddress>> byService = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return byService;
        }
        if (!node.isObject()) {
            problems.add("\"taskAddresses\" must be an object of address lists by serviceName, got " + kind(node)
                    + "; every service is left to tasks.<name> DNS");
            return byService;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            List<InetAddress> addresses = addresses(field.getValue());
            if (addresses == null) {
                problems.add("the task addresses of " + field.getKey() + " must be an array of IP addresses, got "
                        + field.getValue() + "; the service is left to tasks.<name> DNS");
            } else {
                byService.put(field.getKey(), addresses);
            }
        }
        return byService;
    }

    /** IP literals only, so reading the feed never starts a name lookup; null when the node is not such a list. */
    private static List<InetAddress> addresses(JsonNode node) {
        if (!node.isArray()) {
            return null;
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (JsonNode address : node) {
            if (!address.isTextual()) {
                return null;
            }
            try {
                addresses.add(InetAddress.ofLiteral(address.asText()));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return addresses;
    }

    private static JsonNode read(String body) throws MalformedListException {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw new MalformedListException("the body is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new MalformedListException("the body is not JSON (" + e.getOriginalMessage() + ")");
        }
    }

    private static List<ListedService> entries(JsonNode array) {
        List<ListedService> entries = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            entries.add(entry(i, array.get(i)));
        }
        return entries;
    }

    private static ListedService entry(int position, JsonNode node) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (!node.isObject()) {
            return new ListedService(position, parameters, Optional.of("expected an object of parameters, got "
                    + kind(node)));
        }
        List<String> notText = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode value = field.getValue();
            if (value.isValueNode() && !value.isNull()) {
                // DFSL sends strings; a number or boolean from another listener means the same thing as text.
                parameters.put(field.getKey(), List.of(value.asText()));
            } else if (!value.isNull()) {
                notText.add(field.getKey());
            }
        }
        Optional<String> problem = notText.isEmpty() ? Optional.empty()
                : Optional.of("parameter values must be strings, but " + String.join(", ", notText)
                + (notText.size() == 1 ? " is" : " are") + " not");
        return new ListedService(position, parameters, problem);
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /** A listener's answer that is not a service list at all. */
    static final class MalformedListException extends Exception {

        private static final long serialVersionUID = 1L;

        MalformedListException(String message) {
            super(message);
        }
    }
}
