package dev.swarmgate.docker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reading the Engine API's JSON. The models are mapped from the tree by hand because the fields we need sit deep
 * inside ({@code Spec.Mode.Replicated.Replicas}); everything else the engine sends is ignored, so newer engines
 * that add fields keep working.
 */
final class EngineJson {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private EngineJson() {
    }

    static JsonNode read(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("Docker answered with JSON we cannot read: " + e.getMessage(), e);
        }
    }

    static <T> List<T> list(JsonNode array, Function<JsonNode, T> mapper) {
        List<T> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(item -> out.add(mapper.apply(item)));
        }
        return List.copyOf(out);
    }

    /** The text at a path of field names, or "" when any step is missing. */
    static String text(JsonNode node, String... path) {
        JsonNode at = at(node, path);
        return at.isValueNode() ? at.asText() : "";
    }

    static long number(JsonNode node, String... path) {
        return at(node, path).asLong(0);
    }

    static Map<String, String> labels(JsonNode node, String... path) {
        JsonNode at = at(node, path);
        Map<String, String> out = new LinkedHashMap<>();
        at.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return Map.copyOf(out);
    }

    static JsonNode at(JsonNode node, String... path) {
        JsonNode at = node;
        for (String step : path) {
            at = at.path(step);
        }
        return at;
    }

    /** The message of an Engine API error body ({@code {"message":"..."}}), or the raw body. */
    static String errorMessage(byte[] body) {
        try {
            JsonNode message = MAPPER.readTree(body).path("message");
            if (message.isTextual()) {
                return message.asText();
            }
        } catch (IOException | RuntimeException ignored) {
            // not JSON: fall through to the raw text
        }
        return new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
    }
}
