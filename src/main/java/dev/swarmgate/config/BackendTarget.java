package dev.swarmgate.config;

/**
 * Where a destination's traffic goes and how its endpoints are found, balanced and checked. Two destinations share
 * endpoint state (health, counters) only when every component is equal.
 *
 * @param host        a host name (Swarm service, {@code outboundHostname}) or an IP
 * @param port        the backend port
 * @param discovery   how the host becomes endpoints; an IP literal has no tasks, so TASKS becomes NAME for it
 * @param balance     how an endpoint is picked
 * @param healthCheck active health checking of the endpoints
 */
public record BackendTarget(String host, int port, EndpointDiscovery discovery, BalanceAlgorithm balance,
                            HealthCheck healthCheck) {

    public BackendTarget {
        if (discovery == EndpointDiscovery.TASKS && isIpLiteral(host)) {
            discovery = EndpointDiscovery.NAME;
        }
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

    @Override
    public String toString() {
        return discovery == EndpointDiscovery.STATIC ? host : host + ":" + port;
    }
}
