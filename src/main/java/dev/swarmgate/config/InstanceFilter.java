package dev.swarmgate.config;

import java.util.Optional;

/**
 * Which services this proxy applies when several proxies share one swarm (DFP's {@code FILTER_PROXY_INSTANCE_NAME}
 * and {@code PROXY_INSTANCE_NAME}): when filtering, only those whose {@code proxyInstanceName} equals the proxy's
 * instance name, case-insensitively; a service without {@code proxyInstanceName} is then another proxy's too.
 *
 * @param instanceName {@code PROXY_INSTANCE_NAME} (default {@code docker-flow})
 * @param filtering    {@code FILTER_PROXY_INSTANCE_NAME}: whether services are filtered at all
 */
public record InstanceFilter(String instanceName, boolean filtering) {

    /** DFP's image defaults: instance {@code docker-flow}, no filtering (every service applies). */
    public static final InstanceFilter DEFAULTS = new InstanceFilter("docker-flow", false);

    /** Whether a service with this {@code proxyInstanceName} (empty when absent) is applied by this proxy. */
    public boolean applies(Optional<String> proxyInstanceName) {
        return !filtering || instanceName.equalsIgnoreCase(proxyInstanceName.orElse(""));
    }
}
