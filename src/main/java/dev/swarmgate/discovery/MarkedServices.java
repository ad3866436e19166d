package dev.swarmgate.discovery;

import dev.swarmgate.config.dfp.ServiceLabels;
import dev.swarmgate.docker.SwarmService;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The names the swarm's marked services go by in the proxy (their route names, short with {@code com.df.shortName}),
 * routed or not: what this proxy learns from the swarm itself, so that a notification about one of them, which a
 * Swarm listener sends, can be told apart from a request about anything else.
 */
public final class MarkedServices implements SwarmObserver {

    private volatile Set<String> names = Set.of();

    @Override
    public void servicesChanged(List<SwarmService> marked) {
        names = marked.stream().map(service -> ServiceLabels.serviceName(service.name(), service.labels()))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Whether a marked swarm service goes by this name. */
    public boolean contains(String serviceName) {
        return names.contains(serviceName);
    }
}
