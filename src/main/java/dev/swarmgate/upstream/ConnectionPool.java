package dev.swarmgate.upstream;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;

import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Idle keep-alive connections to backends, owned by one event loop and used only from it (no locks). Connections
 * are reused most-recently-released first, so a quiet period lets the least used ones age out.
 *
 * @param <C> the connection type (the backend handler)
 */
public final class ConnectionPool<C extends PooledConnection> {

    private static final int MAX_IDLE_PER_ENDPOINT = 512;

    private final Map<SocketAddress, ArrayDeque<C>> idle = new HashMap<>();
    private final long maxIdleNanos;

    public ConnectionPool(long maxIdleNanos) {
        this.maxIdleNanos = maxIdleNanos;
    }

    /** An idle, open connection to the endpoint, or null. */
    public C acquire(SocketAddress endpoint) {
        ArrayDeque<C> connections = idle.get(endpoint);
        if (connections == null) {
            return null;
        }
        C connection;
        long now = System.nanoTime();
        while ((connection = connections.pollLast()) != null) {
            if (connection.channel().isActive() && now - connection.idleSinceNanos() < maxIdleNanos) {
                return connection;
            }
            connection.channel().close();
        }
        return null;
    }

    /** Returns a connection whose exchange is complete and that may be reused. */
    public void release(SocketAddress endpoint, C connection) {
        if (!connection.channel().isActive()) {
            return;
        }
        ArrayDeque<C> connections = idle.get(endpoint);
        if (connections == null) {
            connections = new ArrayDeque<>();
            idle.put(endpoint, connections);
        }
        if (connections.size() >= MAX_IDLE_PER_ENDPOINT) {
            connection.channel().close();
            return;
        }
        connection.idleSinceNanos(System.nanoTime());
        if (!connection.watchedByPool()) {
            connection.watchedByPool(true);
            connection.channel().closeFuture().addListener(new RemoveOnClose<>(this, endpoint, connection));
        }
        connections.addLast(connection);
    }

    private void remove(SocketAddress endpoint, C connection) {
        ArrayDeque<C> connections = idle.get(endpoint);
        if (connections != null) {
            connections.remove(connection);
        }
    }


    private record RemoveOnClose<C extends PooledConnection>(ConnectionPool<C> pool, SocketAddress endpoint,
                                                             C connection) implements ChannelFutureListener {
        @Override
        public void operationComplete(ChannelFuture future) {
            pool.remove(endpoint, connection);
        }
    }
}
