package dev.swarmgate.config;

import java.util.List;
import java.util.Set;

/**
 * Where a destination's traffic goes and how its endpoints are found, balanced and checked. Two destinations share
 * endpoint state (health, counters) only when every component is equal.
 *
 * @param host        a host name (Swarm service, {@code outboundHostname}) or an IP
 * @param port        the backend port
 * @param discovery   how the host becomes endpoints; an IP literal has no tasks, so TASKS becomes NAME for it
 * @param balance     how an endpoint is picked
 * @param healthCheck active health checking of the endpoints
 * @param members     for {@link EndpointDiscovery#GROUP}: the targets whose endpoints together make the pool (each
 *                    on its own host and port); empty otherwise
 */
public record BackendTarget(String host, int port, EndpointDiscovery discovery, BalanceAlgorithm balance,
                            HealthCheck healthCheck, List<BackendTarget> members) {

    public BackendTarget {
        if (discovery == EndpointDiscovery.TASKS && isIpLiteral(host)) {
            discovery = EndpointDiscovery.NAME;
        }
        members = List.copyOf(members);
        if ((discovery == EndpointDiscovery.GROUP) == members.isEmpty()) {
            throw new IllegalArgumentException("a GROUP target, and only a GROUP target, has members");
        }
    }

    /** A target of one host (not a pool). */
    public BackendTarget(String host, int port, EndpointDiscovery discovery, BalanceAlgorithm balance,
                         HealthCheck healthCheck) {
        this(host, port, discovery, balance, healthCheck, List.of());
    }

    /**
     * A pool of several targets ({@code serviceGroup}), named {@code group} in logs, balanced and checked as given.
     * Each member keeps its own host, port and discovery.
     */
    public static BackendTarget pool(String group, List<BackendTarget> members, BalanceAlgorithm balance,
                                     HealthCheck healthCheck) {
        return new BackendTarget(group, 0, EndpointDiscovery.GROUP, balance, healthCheck, members);
    }

    /** Whether resolving this target reads one of these host names (its own, or a pool member's). */
    public boolean resolves(Set<String> hosts) {
        if (discovery != EndpointDiscovery.GROUP) {
            return hosts.contains(host);
        }
        for (BackendTarget member : members) {
            if (member.resolves(hosts)) {
                return true;
            }
        }
        return false;
    }

    /** A target with the defaults: tasks of the service, P2C, TCP health checks every 5 s. */
    public BackendTarget(String host, int port) {
        this(host, port, EndpointDiscovery.TASKS, BalanceAlgorithm.P2C, HealthCheck.defaults());
    }

    private static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return !host.isEmpty();
    }

    /**
     * The host and port only; equal targets still hash alike. Each change of the configuration puts every route's
     * target in a set, and the generated hash of every component (the health check's record, the member list) was
     * 7 % of a reconfigure at 10,000 services (docs/benchmarks.md, "Issue 11: 10,000 services on a quiet machine").
     */
    @Override
    public int hashCode() {
        return 31 * host.hashCode() + port;
    }

    @Override
    public String toString() {
        return switch (discovery) {
            case STATIC -> host;
            case GROUP -> "serviceGroup " + host + " " + members;
            default -> host + ":" + port;
        };
    }
}
