package dev.swarmgate.config;

import java.util.List;
import java.util.Optional;

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
 * @param certificate    DFP's {@code serviceCert}: a certificate the service brings along, stored with the others
 *                       under its name (the first serviceDomain, else the service name) when the service is applied
 */
public record ServiceSpec(String name, String aclName, List<Destination> destinations, boolean defaultBackend,
                          boolean stickySessions, int maxConnections, Optional<CertificateFile> certificate) {

    public ServiceSpec {
        destinations = List.copyOf(destinations);
        if (certificate == null) {
            certificate = Optional.empty();
        }
    }

    /** A service without a certificate of its own. */
    public ServiceSpec(String name, String aclName, List<Destination> destinations, boolean defaultBackend,
                       boolean stickySessions, int maxConnections) {
        this(name, aclName, destinations, defaultBackend, stickySessions, maxConnections, Optional.empty());
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
