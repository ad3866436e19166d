package dev.swarmgate.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;

import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Idle keep-alive connections to backends, owned by one event loop and used only from it (no locks). Connections
 * are reused most-recently-released first, so a quiet period lets the least used ones age out.
 */
public final class ConnectionPool {

    private static final int MAX_IDLE_PER_ENDPOINT = 512;

    private final Map<SocketAddress, ArrayDeque<Channel>> idle = new HashMap<>();
    private final long maxIdleNanos;

    public ConnectionPool(long maxIdleNanos) {
        this.maxIdleNanos = maxIdleNanos;
    }

    /** An idle, open connection to the endpoint, or null. */
    public Channel acquire(SocketAddress endpoint) {
        ArrayDeque<Channel> channels = idle.get(endpoint);
        if (channels == null) {
            return null;
        }
        Channel channel;
        while ((channel = channels.pollLast()) != null) {
            PooledSince since = channel.attr(PooledSince.KEY).getAndSet(null);
            if (channel.isActive() && since != null && System.nanoTime() - since.nanos() < maxIdleNanos) {
                return channel;
            }
            channel.close();
        }
        return null;
    }

    /** Returns a connection whose exchange is complete and that may be reused. */
    public void release(SocketAddress endpoint, Channel channel) {
        if (!channel.isActive()) {
            return;
        }
        ArrayDeque<Channel> channels = idle.computeIfAbsent(endpoint, e -> new ArrayDeque<>());
        if (channels.size() >= MAX_IDLE_PER_ENDPOINT) {
            channel.close();
            return;
        }
        channel.attr(PooledSince.KEY).set(new PooledSince(System.nanoTime()));
        if (channel.attr(PooledSince.WATCHED).setIfAbsent(Boolean.TRUE) == null) {
            channel.closeFuture().addListener(new RemoveOnClose(this, endpoint));
        }
        channels.addLast(channel);
    }

    private void remove(SocketAddress endpoint, Channel channel) {
        ArrayDeque<Channel> channels = idle.get(endpoint);
        if (channels != null) {
            channels.remove(channel);
        }
    }

    /** Closes every idle connection (shutdown). */
    public void closeAll() {
        idle.values().forEach(channels -> channels.forEach(Channel::close));
        idle.clear();
    }

    private record RemoveOnClose(ConnectionPool pool, SocketAddress endpoint) implements ChannelFutureListener {
        @Override
        public void operationComplete(ChannelFuture future) {
            pool.remove(endpoint, future.channel());
        }
    }
}
