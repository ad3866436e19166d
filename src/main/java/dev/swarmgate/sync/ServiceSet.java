package dev.swarmgate.sync;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A Swarm listener's complete service list at one moment.
 *
 * @param version       the listener's version of this list when it came from the feed; empty from {@code get-services}
 * @param taskAddresses by serviceName, the addresses of each service's running tasks on every network but ingress, as
 *                      a Swarmgate listener's feed carries them; a service missing from it (every service, from an
 *                      older listener or DFSL) is left to {@code tasks.<name>} DNS
 * @param problems      why parts of {@code taskAddresses} could not be read (those services are left to DNS)
 */
record ServiceSet(List<ListedService> services, OptionalLong version, Map<String, List<InetAddress>> taskAddresses,
                  List<String> problems) {

    ServiceSet {
        services = List.copyOf(services);
        taskAddresses = Map.copyOf(taskAddresses);
        problems = List.copyOf(problems);
    }

    /** A list that carries no task addresses: {@code get-services}, or the feed of an older listener. */
    ServiceSet(List<ListedService> services, OptionalLong version) {
        this(services, version, Map.of(), List.of());
    }
}
