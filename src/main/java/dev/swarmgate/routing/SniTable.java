package dev.swarmgate.routing;

import java.time.Duration;
import java.util.List;

/**
 * What a {@code reqMode=sni} srcPort does with a connection once its TLS ClientHello is in: the first route whose
 * server names match takes it, in Docker Flow Proxy's rule order (services by {@code aclName}, then destination
 * index); no match, or no server name at all, and the connection is closed. The bytes are passed through untouched,
 * so the backends terminate TLS themselves.
 *
 * @param port         the srcPort
 * @param routes       the routes in the order they are tried
 * @param helloTimeout how long a new connection may take to deliver its whole ClientHello: DFP's
 *                     {@code tcp-request inspect-delay 5s}, shortened to the port's client timeout when that is less
 */
public record SniTable(int port, List<Entry> routes, Duration helloTimeout) {

    /** HAProxy's {@code tcp-request inspect-delay} in Docker Flow Proxy's sni frontend. */
    public static final Duration INSPECT_DELAY = Duration.ofSeconds(5);

    /** One server-name test and where matching connections go. */
    public record Entry(ServerNameMatcher serverNames, TcpRoute route) {
    }

    public SniTable {
        routes = List.copyOf(routes);
    }

    /** The route for a ClientHello's server name (null when there was none), or null when no route takes it. */
    public TcpRoute route(String serverName) {
        for (Entry entry : routes) {
            if (entry.serverNames().matches(serverName)) {
                return entry.route();
            }
        }
        return null;
    }
}
