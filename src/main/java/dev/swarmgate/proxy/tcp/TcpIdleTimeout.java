package dev.swarmgate.proxy.tcp;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a tunnel that stays silent: until the first byte moves (either way) it may idle for the client timeout,
 * afterwards for the tunnel timeout. Sits on the client channel, which every byte of both directions crosses in the
 * buffer relay; a {@link SplicedTunnel} reports the bytes it moves instead.
 */
final class TcpIdleTimeout extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TcpIdleTimeout.class);

    private final long beforeFirstByteNanos;
    private final long tunnelNanos;
    private boolean moved;
    private long lastActivity;
    private ScheduledFuture<?> check;
    private ChannelHandlerContext ctx;

    TcpIdleTimeout(Duration beforeFirstByte, Duration tunnel) {
        this.beforeFirstByteNanos = beforeFirstByte.toNanos();
        this.tunnelNanos = tunnel.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        lastActivity = System.nanoTime();
        check = ctx.executor().schedule(() -> check(ctx), beforeFirstByteNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        activity();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        activity();
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    /** Bytes moved; also called by a {@link SplicedTunnel}, whose bytes never cross the pipeline. */
    void activity() {
        lastActivity = System.nanoTime();
        if (!moved) {
            moved = true;
            if (tunnelNanos < beforeFirstByteNanos && check != null) {
                // The check waits for the client timeout; a shorter tunnel timeout applies from now on.
                check.cancel(false);
                check = ctx.executor().schedule(() -> check(ctx), tunnelNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    /**
     * The tunnel ended outside Netty's pipeline: a {@link SplicedTunnel} closes channels that Netty no longer has
     * registered, so neither {@code channelInactive} nor {@code handlerRemoved} reaches this handler. Without this the
     * pending check (scheduled up to the client timeout ahead, or never due with a timeout of 0) would keep the
     * closed channel and its pipeline in the heap until it fired.
     */
    void tunnelClosed() {
        cancel();
    }

    private void check(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            return;
        }
        long limit = moved ? tunnelNanos : beforeFirstByteNanos;
        long idle = System.nanoTime() - lastActivity;
        if (idle >= limit) {
            LOG.debug("tcp tunnel {} idle for {} ms ({}), closing", ctx.channel().remoteAddress(), idle / 1_000_000,
                    moved ? "timeoutTunnel" : "timeoutClient before the first byte");
            ctx.close();
            return;
        }
        check = ctx.executor().schedule(() -> check(ctx), limit - idle, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }
}
