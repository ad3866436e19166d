package dev.swarmgate.proxy.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongConsumer;

/**
 * Copies bytes from its channel to a peer channel, one direction of a tunnel. Reading stops while the peer cannot
 * take more and resumes when it drains (back-pressure without buffering); an end of input is forwarded as a
 * half-close, not a reset; closing either side closes the other once pending writes are flushed.
 */
public final class ByteRelay extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ByteRelay.class);

    private static final LongConsumer UNCOUNTED = bytes -> { };

    private final Channel peer;
    private final LongConsumer bytesRead;

    public ByteRelay(Channel peer) {
        this(peer, UNCOUNTED);
    }

    /** @param bytesRead told the size of every buffer read from this relay's channel (on its event loop) */
    public ByteRelay(Channel peer, LongConsumer bytesRead) {
        this.peer = peer;
        this.bytesRead = bytesRead;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            bytesRead.accept(buf.readableBytes());
        }
        peer.write(msg, peer.voidPromise());
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // Our channel drained: the peer may read (and so write to us) again.
        if (ctx.channel().isWritable()) {
            resumeReading(peer);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            // Our side sent FIN: pass it on and keep the other direction open until it ends too.
            if (peer instanceof DuplexChannel duplex && duplex.isActive()) {
                // Once both directions ended the tunnel is done: whichever FIN is forwarded last closes it.
                peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> duplex.shutdownOutput()
                        .addListener(shut -> {
                            if (duplex.isInputShutdown()) {
                                duplex.close();
                            }
                        }));
            } else {
                ctx.close();
                return;
            }
            if (ctx.channel() instanceof DuplexChannel self && self.isOutputShutdown()) {
                ctx.close();
            }
            return;
        }
        if (evt instanceof IdleStateEvent) {
            LOG.debug("tunnel {} idle for too long, closing", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeOnFlush(peer);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("tunnel {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /**
     * Turns reading back on, unless the channel's input already ended: epoll has dropped such a socket's read
     * interest, and asking for reads again fails (ENOENT) instead of doing nothing.
     */
    public static void resumeReading(Channel channel) {
        if (channel instanceof DuplexChannel duplex && duplex.isInputShutdown()) {
            return;
        }
        channel.config().setAutoRead(true);
    }

    /** Closes a channel once what was written to it has been flushed. */
    public static void closeOnFlush(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
