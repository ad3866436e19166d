package dev.swarmgate.config;

import java.util.List;

/**
 * A service as Swarmgate routes it: its name (also the backend host unless a destination overrides it), the key
 * that orders its rules, and its destinations in index order.
 *
 * @param aclName        rule-order key, DFP's {@code aclName} (defaults to the name)
 * @param defaultBackend whether unmatched requests go to this service's first destination
 * @param stickySessions DFP's {@code sessionType=sticky-server}: HTTP clients carry a cookie that keeps them on the
 *                       endpoint that served them while it stays pickable
 * @param maxConnections {@code maxConn}: HTTP requests and TCP connections in flight to the service at once, over
 *                       all its destinations; 0 for no limit
 */
public record ServiceSpec(String name, String aclName, List<Destination> destinations, boolean defaultBackend,
                          boolean stickySessions, int maxConnections) {

    public ServiceSpec {
        destinations = List.copyOf(destinations);
    }

    /** A service without a connection limit. */
    public ServiceSpec(String name, String aclName, List<Destination> destinations, boolean defaultBackend,
                       boolean stickySessions) {
        this(name, aclName, destinations, defaultBackend, stickySessions, 0);
    }

    /** A service without sticky sessions. */
    public ServiceSpec(String name, String aclName, List<Destination> destinations, boolean defaultBackend) {
        this(name, aclName, destinations, defaultBackend, false);
    }
}
