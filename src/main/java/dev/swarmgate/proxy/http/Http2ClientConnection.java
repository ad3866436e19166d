package dev.swarmgate.proxy.http;

import dev.swarmgate.config.Timeouts;
import dev.swarmgate.proxyprotocol.ClientAddress;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of an HTTP/2 client connection as a whole, after the multiplexer: it closes the connection when no stream
 * came for {@code TIMEOUT_HTTP_REQUEST} after it opened or for {@code TIMEOUT_HTTP_KEEP_ALIVE} after its last stream
 * ended, and when its listener drains. Closing goes through the frame codec, which sends GOAWAY and lets the streams
 * under way finish first.
 */
final class Http2ClientConnection extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(Http2ClientConnection.class);

    private final Timeouts timeouts;
    private ChannelHandlerContext ctx;
    private DeadlineTimer timer;
    private int openStreams;
    private boolean servedAStream;
    private long idleSince;

    Http2ClientConnection(Timeouts timeouts) {
        this.timeouts = timeouts;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        timer = new DeadlineTimer(ctx.executor(), this::onTimer);
        idleSince = System.nanoTime();
        timer.arm(idleDeadline());
    }

    /** A stream began (on this connection's event loop); its channel's close ends it. */
    void streamOpened(Http2StreamChannel stream) {
        openStreams++;
        servedAStream = true;
        stream.closeFuture().addListener(closed -> streamClosed());
    }

    private void streamClosed() {
        openStreams--;
        if (openStreams == 0) {
            idleSince = System.nanoTime();
            timer.arm(idleDeadline());
        }
    }

    private long idleDeadline() {
        return idleSince + (servedAStream ? timeouts.httpKeepAlive() : timeouts.httpRequest()).toNanos();
    }

    private void onTimer() {
        if (openStreams > 0 || !ctx.channel().isActive()) {
            return;
        }
        long deadline = idleDeadline();
        if (System.nanoTime() < deadline) {
            timer.arm(deadline);
            return;
        }
        ctx.channel().close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == DrainSignal.INSTANCE) {
            // GOAWAY now; the codec closes the connection once the streams under way have ended.
            ctx.channel().close();
            return;
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // Connection frames (SETTINGS, PING, GOAWAY) the codec already acted on.
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timer.cancel();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP/2 client connection {} failed: {}", ClientAddress.of(ctx.channel()), cause.toString());
        ctx.channel().close();
    }
}
