package dev.swarmgate.upstream;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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

    /**
     * Closes connections idle longer than the limit every {@code period} on the pool's own event loop, so an unused
     * pool does not hold backend connections (and their descriptors) until its next request; stops with the loop.
     */
    public void expireIdleEvery(ScheduledExecutorService eventLoop, Duration period) {
        long nanos = Math.max(1, period.toNanos());
        eventLoop.scheduleAtFixedRate(this::closeExpired, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** Closes the connections idle longer than the limit; the oldest are first in each queue. */
    void closeExpired() {
        long now = System.nanoTime();
        Iterator<ArrayDeque<C>> queues = idle.values().iterator();
        while (queues.hasNext()) {
            ArrayDeque<C> connections = queues.next();
            C oldest;
            while ((oldest = connections.peekFirst()) != null && now - oldest.idleSinceNanos() >= maxIdleNanos) {
                connections.pollFirst();
                oldest.channel().close();
            }
            if (connections.isEmpty()) {
                queues.remove();
            }
        }
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

    /** How many idle connections the pool holds (for tests and diagnostics). */
    public int idleCount() {
        int count = 0;
        for (ArrayDeque<C> connections : idle.values()) {
            count += connections.size();
        }
        return count;
    }


    private record RemoveOnClose<C extends PooledConnection>(ConnectionPool<C> pool, SocketAddress endpoint,
                                                             C connection) implements ChannelFutureListener {
        @Override
        public void operationComplete(ChannelFuture future) {
            pool.remove(endpoint, connection);
        }
    }
}
