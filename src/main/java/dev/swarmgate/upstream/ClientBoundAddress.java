package dev.swarmgate.upstream;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The pool key of a transparent backend connection: the endpoint it goes to and the client source it was bound to
 * (the client's IP with port 0 for {@code transparent}; IP and port for {@code transparentPort}). Such a connection
 * may serve a later request from the same source (the backend then sees the right peer), never one from another;
 * keyed by endpoint alone, it would show one client's address for another's request. With the port, that is the
 * next request on the same client connection, which must reuse it: a new connection could not bind the same
 * address and port to the same endpoint while the last one is open or in TIME_WAIT. It never equals a plain
 * endpoint address, so both kinds share a {@link ConnectionPool} without mixing.
 */
public final class ClientBoundAddress extends SocketAddress {

    private final InetSocketAddress source;
    private final InetSocketAddress endpoint;

    /** @param source the client address the connection is bound to (port 0 when only its IP is) */
    public ClientBoundAddress(InetSocketAddress source, InetSocketAddress endpoint) {
        this.source = source;
        this.endpoint = endpoint;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClientBoundAddress that && source.equals(that.source)
                && endpoint.equals(that.endpoint);
    }

    @Override
    public int hashCode() {
        return 31 * source.hashCode() + endpoint.hashCode();
    }

    @Override
    public String toString() {
        return endpoint + " from " + source;
    }
}
