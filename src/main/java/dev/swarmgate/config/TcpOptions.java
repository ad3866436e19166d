package dev.swarmgate.config;

import java.util.Optional;

/**
 * What a {@code reqMode=tcp} or {@code reqMode=sni} destination asks of its srcPort beyond where to relay (DFP's
 * {@code clitcpka}, {@code serviceGroup} and, for sni, the server names it takes; {@code checkTcp} is a
 * {@link HealthCheck}, {@code balanceGroup} a {@link BalanceAlgorithm}).
 *
 * @param clientKeepAlive {@code clitcpka}: SO_KEEPALIVE on the client connections the srcPort accepts
 * @param serviceGroup    {@code serviceGroup}: every tcp destination of that group on the same srcPort is balanced
 *                        as one pool; empty when the destination owns its srcPort alone
 * @param serverName      {@code reqMode=sni}: the TLS server names ({@code servicePath} with {@code pathType}) whose
 *                        connections this destination takes on a srcPort it shares with other sni destinations;
 *                        empty for {@code reqMode=tcp}
 */
public record TcpOptions(boolean clientKeepAlive, Optional<String> serviceGroup, Optional<ServerNameMatch> serverName) {

    /** No keep-alive, no group: the destination owns its srcPort alone. */
    public static final TcpOptions NONE = new TcpOptions(false, Optional.empty());

    /** Options of a plain {@code reqMode=tcp} destination (no server-name match). */
    public TcpOptions(boolean clientKeepAlive, Optional<String> serviceGroup) {
        this(clientKeepAlive, serviceGroup, Optional.empty());
    }

    /** Whether this destination may share its srcPort with {@code other}: both are in the same serviceGroup. */
    public boolean sharesPortWith(TcpOptions other) {
        return serviceGroup.isPresent() && serviceGroup.equals(other.serviceGroup());
    }
}
