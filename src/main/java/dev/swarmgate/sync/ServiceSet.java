package dev.swarmgate.sync;

import java.util.List;
import java.util.OptionalLong;

/**
 * A Swarm listener's complete service list at one moment.
 *
 * @param version the listener's version of this list when it came from the feed; empty from {@code get-services}
 */
record ServiceSet(List<ListedService> services, OptionalLong version) {

    ServiceSet {
        services = List.copyOf(services);
    }
}
