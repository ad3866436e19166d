package dev.swarmgate.store;

import dev.swarmgate.config.ServiceSpec;

import java.util.List;
import java.util.Map;

/**
 * An accepted service: the spec that serves traffic, the raw parameters it was parsed from (so it can be persisted
 * and parsed again at start) and where it came from.
 */
public record StoredService(ServiceSpec spec, Map<String, List<String>> parameters, Source source) {

    public StoredService {
        parameters = Map.copyOf(parameters);
    }

    public String name() {
        return spec.name();
    }
}
