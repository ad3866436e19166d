package dev.swarmgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One way into a service: which requests it takes (port, paths, domains) and where they go (host and port).
 * DFP calls this a {@code ServiceDest}; {@code index} is its {@code .N} suffix (0 when un-indexed).
 *
 * @param srcPort          the listener port requests must arrive on, 0 for every HTTP listener
 * @param port             the backend port
 * @param outboundHostname the backend host to use instead of the service name, if any
 * @param timeoutServer    overrides TIMEOUT_SERVER for this destination, if set
 */
public record Destination(
        int index,
        ReqMode reqMode,
        List<String> paths,
        PathType pathType,
        List<String> pathExcludes,
        List<String> domains,
        DomainMatch domainMatch,
        int srcPort,
        int port,
        Optional<String> outboundHostname,
        Optional<Duration> timeoutServer) {

    public Destination {
        paths = List.copyOf(paths);
        pathExcludes = List.copyOf(pathExcludes);
        domains = List.copyOf(domains);
    }
}
