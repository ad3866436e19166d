package dev.swarmgate.upstream;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The pool key of a transparent backend connection: the endpoint it goes to and the client address it was bound to.
 * Such a connection may serve a later request of a client with the same address (the backend then sees the right
 * peer), never one of another client; keyed by endpoint alone, it would show one client's address for another's
 * request. It never equals a plain endpoint address, so both kinds share a {@link ConnectionPool} without mixing.
 */
public final class ClientBoundAddress extends SocketAddress {

    private final InetAddress client;
    private final InetSocketAddress endpoint;

    public ClientBoundAddress(InetAddress client, InetSocketAddress endpoint) {
        this.client = client;
        this.endpoint = endpoint;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClientBoundAddress that && client.equals(that.client)
                && endpoint.equals(that.endpoint);
    }

    @Override
    public int hashCode() {
        return 31 * client.hashCode() + endpoint.hashCode();
    }

    @Override
    public String toString() {
        return endpoint + " as " + client.getHostAddress();
    }
}
