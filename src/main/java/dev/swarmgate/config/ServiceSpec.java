package dev.swarmgate.config;

import java.util.List;

/**
 * A service as Swarmgate routes it: its name (also the backend host unless a destination overrides it), the key
 * that orders its rules, and its destinations in index order.
 *
 * @param aclName        rule-order key, DFP's {@code aclName} (defaults to the name)
 * @param defaultBackend whether unmatched requests go to this service's first destination
 */
public record ServiceSpec(String name, String aclName, List<Destination> destinations, boolean defaultBackend) {

    public ServiceSpec {
        destinations = List.copyOf(destinations);
    }
}
