package dev.swarmgate.proxy.http;

import dev.swarmgate.upstream.PooledConnection;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The end of a backend connection: hands each response message to the exchange currently using the connection.
 * A pooled connection has no exchange; anything it receives then is unexpected and the connection is dropped.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter implements PooledConnection {

    private Exchange exchange;
    private Channel channel;
    private long idleSinceNanos;
    private boolean watchedByPool;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public long idleSinceNanos() {
        return idleSinceNanos;
    }

    @Override
    public void idleSinceNanos(long nanos) {
        idleSinceNanos = nanos;
    }

    @Override
    public boolean watchedByPool() {
        return watchedByPool;
    }

    @Override
    public void watchedByPool(boolean watched) {
        watchedByPool = watched;
    }

    void attach(Exchange exchange) {
        this.exchange = exchange;
    }

    void detach() {
        this.exchange = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Exchange current = exchange;
        if (current == null) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        current.onBackendMessage(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Exchange current = exchange;
        if (current != null) {
            current.onBackendReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange current = exchange;
        if (current != null) {
            current.onBackendWritabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Exchange current = exchange;
        exchange = null;
        if (current != null) {
            current.onBackendClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset or a protocol error: the connection is unusable; channelInactive reports it to the exchange.
        ctx.close();
    }
}
