package dev.swarmgate.config.dfp;

import java.util.Optional;

/**
 * The raw parameters of one destination. An indexed destination reads {@code name.N} and falls back to the
 * un-indexed {@code name}; the un-indexed destination (index 0) reads only {@code name}.
 */
record DestinationParameters(int index, ParameterView view) {

    Optional<ParameterValue> get(String name) {
        if (index > 0) {
            String indexed = name + "." + index;
            Optional<String> value = view.exact(indexed);
            if (value.isPresent()) {
                return value.map(v -> new ParameterValue(indexed, v));
            }
        }
        return view.exact(name).map(v -> new ParameterValue(name, v));
    }

    /** The parameter name as it would be written for this destination, for messages about a missing value. */
    String nameOf(String name) {
        return index > 0 ? name + "." + index : name;
    }
}
