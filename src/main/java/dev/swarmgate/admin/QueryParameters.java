package dev.swarmgate.admin;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reading single values out of a decoded query the way Go's {@code url.Values.Get} and {@code ParseBool} do. */
final class QueryParameters {

    private QueryParameters() {
    }

    /** The first value of the parameter with exactly this name, if present and not empty. */
    static Optional<String> first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        if (values == null || values.isEmpty() || values.getFirst().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(values.getFirst());
    }

    /** Like {@link #first} but ignoring case in the name, as DFP's decoder does for service-level fields. */
    static Optional<String> firstIgnoringCase(Map<String, List<String>> parameters, String name) {
        Optional<String> exact = first(parameters, name);
        if (exact.isPresent()) {
            return exact;
        }
        return parameters.keySet().stream()
                .filter(key -> key.equalsIgnoreCase(name))
                .sorted()
                .map(key -> first(parameters, key))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /** Go's {@code strconv.ParseBool}: 1, t, T, TRUE, true, True are true; anything else (invalid too) is false. */
    static boolean flag(Map<String, List<String>> parameters, String name) {
        return first(parameters, name)
                .map(value -> switch (value) {
                    case "1", "t", "T", "TRUE", "true", "True" -> true;
                    default -> false;
                })
                .orElse(false);
    }

    /** Whether a parameter name may carry a credential, so its value must never be shown or logged. */
    static boolean isSensitive(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("user") || lower.contains("pass") || lower.contains("secret")
                || lower.contains("cert") || lower.contains("auth");
    }
}
