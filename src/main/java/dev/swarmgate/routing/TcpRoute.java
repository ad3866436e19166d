package dev.swarmgate.routing;

import dev.swarmgate.config.BackendTarget;
import dev.swarmgate.config.ProxyProtocol;
import dev.swarmgate.config.Transparency;

import java.time.Duration;
import java.util.List;

/**
 * Where a {@code reqMode=tcp} srcPort relays its connections, and the timeouts that bound them.
 *
 * @param port          the srcPort clients connect to
 * @param aclName       the service's rule-order key (used in names for logs, like {@link Route#backendName()})
 * @param connect       TIMEOUT_CONNECT: one connect attempt to an endpoint
 * @param timeoutClient the destination's {@code timeoutClient}, or TIMEOUT_CLIENT: how long a connected tunnel may
 *                      stay silent before its first byte
 * @param sendProxy     the PROXY protocol header written to each new backend connection, if any
 * @param timeoutTunnel the destination's {@code timeoutTunnel}, or TIMEOUT_TUNNEL: inactivity in both directions
 *                      after the first byte
 * @param maxConnections the service's {@code maxConn} (connections in flight to it, HTTP and TCP), 0 for no limit
 * @param clientKeepAlive {@code clitcpka}: SO_KEEPALIVE on every accepted client connection
 * @param groupMembers   for a {@code serviceGroup} pool, the services balanced on the port (the first one, whose
 *                       settings the route carries, included); empty for a port of one service
 * @param transparency   whether backend connections bind the client's address ({@code transparent})
 */
public record TcpRoute(int port, String serviceName, String aclName, int destinationIndex, BackendTarget target,
                       Duration connect, Duration timeoutClient, Duration timeoutTunnel, ProxyProtocol sendProxy,
                       int maxConnections, boolean clientKeepAlive, List<String> groupMembers,
                       Transparency transparency) {

    public TcpRoute {
        groupMembers = List.copyOf(groupMembers);
    }

    /** A route of one service without client keep-alive. */
    public TcpRoute(int port, String serviceName, String aclName, int destinationIndex, BackendTarget target,
                    Duration connect, Duration timeoutClient, Duration timeoutTunnel, ProxyProtocol sendProxy,
                    int maxConnections) {
        this(port, serviceName, aclName, destinationIndex, target, connect, timeoutClient, timeoutTunnel, sendProxy,
                maxConnections, false, List.of(), Transparency.OFF);
    }

    /** DFP's backend name, {@code <aclName>-be<port>_<index>} (e.g. {@code redis-be6379_0}). */
    public String backendName() {
        return aclName + "-be" + target.port() + "_" + destinationIndex;
    }
}
