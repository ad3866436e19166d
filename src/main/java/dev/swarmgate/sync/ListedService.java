package dev.swarmgate.sync;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of a listener's service list, as reconfigure parameters (each DFSL string value becomes a one-element
 * list, the shape the API's query decoder produces), or why the entry could not be read.
 *
 * @param position   the entry's index in the list, to name entries that have no readable serviceName
 * @param parameters the parameters that could be read
 * @param problem    why the entry is not a string-to-string object, if it is not
 */
record ListedService(int position, Map<String, List<String>> parameters, Optional<String> problem) {

    ListedService {
        parameters = Map.copyOf(parameters);
    }

    /** The entry's serviceName if it has one, else its position: how log lines name it. */
    String label() {
        List<String> name = parameters.get("serviceName");
        return name == null || name.isEmpty() || name.getFirst().isBlank()
                ? "#" + position + " (no serviceName)" : name.getFirst();
    }
}
