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
 * @param timeoutClient    overrides TIMEOUT_CLIENT for TCP destinations, if set
 * @param timeoutTunnel    overrides TIMEOUT_TUNNEL (upgraded and TCP connections), if set
 * @param balance          how endpoints are picked
 * @param endpoints        tasks or the VIP
 * @param healthCheck      active health checking of the endpoints
 * @param sendProxy        PROXY protocol header sent to the backend on each new connection
 * @param conditions       header conditions requests must also meet ({@code serviceHeader}, {@code userAgent})
 * @param rules            what is done to requests and responses, in the order it runs (HTTP only)
 * @param tcp              client keep-alive and the service group of a {@code reqMode=tcp} srcPort
 * @param tls              whether this is the HTTPS entry of an {@code httpsPort} destination, and TLS towards the
 *                         backends ({@code sslVerifyNone})
 * @param transparency     whether backend connections carry the client's address ({@code transparent})
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
        Optional<Duration> timeoutServer,
        Optional<Duration> timeoutClient,
        Optional<Duration> timeoutTunnel,
        BalanceAlgorithm balance,
        EndpointDiscovery endpoints,
        HealthCheck healthCheck,
        ProxyProtocol sendProxy,
        List<RequestCondition> conditions,
        List<HttpRule> rules,
        TcpOptions tcp,
        TlsOptions tls,
        Transparency transparency) {

    public Destination {
        if (transparency == null) {
            transparency = Transparency.OFF;
        }
        paths = List.copyOf(paths);
        pathExcludes = List.copyOf(pathExcludes);
        domains = List.copyOf(domains);
        conditions = List.copyOf(conditions);
        rules = List.copyOf(rules);
    }

    /** A destination without TLS options (plain backends, not an HTTPS entry). */
    public Destination(int index, ReqMode reqMode, List<String> paths, PathType pathType, List<String> pathExcludes,
                       List<String> domains, DomainMatch domainMatch, int srcPort, int port,
                       Optional<String> outboundHostname, Optional<Duration> timeoutServer,
                       Optional<Duration> timeoutClient, Optional<Duration> timeoutTunnel, BalanceAlgorithm balance,
                       EndpointDiscovery endpoints, HealthCheck healthCheck, ProxyProtocol sendProxy,
                       List<RequestCondition> conditions, List<HttpRule> rules, TcpOptions tcp) {
        this(index, reqMode, paths, pathType, pathExcludes, domains, domainMatch, srcPort, port, outboundHostname,
                timeoutServer, timeoutClient, timeoutTunnel, balance, endpoints, healthCheck, sendProxy, conditions,
                rules, tcp, TlsOptions.NONE, Transparency.OFF);
    }

    /** A destination without TCP options. */
    public Destination(int index, ReqMode reqMode, List<String> paths, PathType pathType, List<String> pathExcludes,
                       List<String> domains, DomainMatch domainMatch, int srcPort, int port,
                       Optional<String> outboundHostname, Optional<Duration> timeoutServer,
                       Optional<Duration> timeoutClient, Optional<Duration> timeoutTunnel, BalanceAlgorithm balance,
                       EndpointDiscovery endpoints, HealthCheck healthCheck, ProxyProtocol sendProxy,
                       List<RequestCondition> conditions, List<HttpRule> rules) {
        this(index, reqMode, paths, pathType, pathExcludes, domains, domainMatch, srcPort, port, outboundHostname,
                timeoutServer, timeoutClient, timeoutTunnel, balance, endpoints, healthCheck, sendProxy, conditions,
                rules, TcpOptions.NONE);
    }

    /** A destination without header conditions and rules. */
    public Destination(int index, ReqMode reqMode, List<String> paths, PathType pathType, List<String> pathExcludes,
                       List<String> domains, DomainMatch domainMatch, int srcPort, int port,
                       Optional<String> outboundHostname, Optional<Duration> timeoutServer,
                       Optional<Duration> timeoutClient, Optional<Duration> timeoutTunnel, BalanceAlgorithm balance,
                       EndpointDiscovery endpoints, HealthCheck healthCheck, ProxyProtocol sendProxy) {
        this(index, reqMode, paths, pathType, pathExcludes, domains, domainMatch, srcPort, port, outboundHostname,
                timeoutServer, timeoutClient, timeoutTunnel, balance, endpoints, healthCheck, sendProxy, List.of(),
                List.of());
    }

    /** This destination with other header conditions and rules. */
    public Destination with(List<RequestCondition> conditions, List<HttpRule> rules) {
        return new Destination(index, reqMode, paths, pathType, pathExcludes, domains, domainMatch, srcPort, port,
                outboundHostname, timeoutServer, timeoutClient, timeoutTunnel, balance, endpoints, healthCheck,
                sendProxy, conditions, rules, tcp, tls, transparency);
    }

    /** This destination with other TCP options, balancing and health checking ({@code reqMode=tcp} parameters). */
    public Destination withTcp(TcpOptions tcp, BalanceAlgorithm balance, HealthCheck healthCheck) {
        return new Destination(index, reqMode, paths, pathType, pathExcludes, domains, domainMatch, srcPort, port,
                outboundHostname, timeoutServer, timeoutClient, timeoutTunnel, balance, endpoints, healthCheck,
                sendProxy, conditions, rules, tcp, tls, transparency);
    }

    /** This destination with its backend connections binding the client's address, or not. */
    public Destination withTransparency(Transparency transparency) {
        return new Destination(index, reqMode, paths, pathType, pathExcludes, domains, domainMatch, srcPort, port,
                outboundHostname, timeoutServer, timeoutClient, timeoutTunnel, balance, endpoints, healthCheck,
                sendProxy, conditions, rules, tcp, tls, transparency);
    }

    /** This destination with other TLS options. */
    public Destination withTls(TlsOptions tls) {
        return new Destination(index, reqMode, paths, pathType, pathExcludes, domains, domainMatch, srcPort, port,
                outboundHostname, timeoutServer, timeoutClient, timeoutTunnel, balance, endpoints, healthCheck,
                sendProxy, conditions, rules, tcp, tls, transparency);
    }

    /**
     * The HTTPS entry of this destination ({@code httpsPort}): the same matching and backend host, requests arriving
     * on {@code srcHttpsPort} sent to {@code httpsPort}, with {@code rules} (those that make sense over TLS).
     */
    public Destination httpsEntry(int srcHttpsPort, int httpsPort, List<HttpRule> rules) {
        return new Destination(index, reqMode, paths, pathType, pathExcludes, domains, domainMatch, srcHttpsPort,
                httpsPort, outboundHostname, timeoutServer, timeoutClient, timeoutTunnel, balance, endpoints,
                healthCheck, sendProxy, conditions, rules, tcp, new TlsOptions(true, tls.backend()), transparency);
    }

    /** A destination with the default balancing, discovery, health checking and no PROXY header. */
    public Destination(int index, ReqMode reqMode, List<String> paths, PathType pathType, List<String> pathExcludes,
                       List<String> domains, DomainMatch domainMatch, int srcPort, int port,
                       Optional<String> outboundHostname, Optional<Duration> timeoutServer) {
        this(index, reqMode, paths, pathType, pathExcludes, domains, domainMatch, srcPort, port, outboundHostname,
                timeoutServer, Optional.empty(), Optional.empty(), BalanceAlgorithm.P2C, EndpointDiscovery.TASKS,
                HealthCheck.defaults(), ProxyProtocol.NONE);
    }
}
