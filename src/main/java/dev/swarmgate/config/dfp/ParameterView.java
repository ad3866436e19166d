package dev.swarmgate.config.dfp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The reconfigure parameters looked up the way DFP does: service-level names ignore letter case (gorilla/schema folds
 * case and keeps the last value), destination-level names must match exactly ({@code url.Values.Get}, first value).
 * Blank values count as absent, as Go's {@code len(value) > 0} checks make them.
 */
final class ParameterView {

    private final Map<String, List<String>> parameters;

    ParameterView(Map<String, List<String>> parameters) {
        this.parameters = parameters;
    }

    /** The service-level value of {@code name} in any letter case (an exact spelling wins), stripped. */
    Optional<String> service(String name) {
        List<String> values = parameters.get(name);
        if (values == null || values.isEmpty()) {
            values = parameters.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue)
                    .filter(list -> list != null && !list.isEmpty())
                    .findFirst()
                    .orElse(List.of());
        }
        return values.isEmpty() ? Optional.empty() : nonBlank(values.getLast());
    }

    /** The destination-level value of exactly {@code name}, stripped. */
    Optional<String> exact(String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : nonBlank(values.getFirst());
    }

    Set<String> names() {
        return parameters.keySet();
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
