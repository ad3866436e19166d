package dev.swarmgate.proxy.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.TimeUnit;

/**
 * Answers a client connection the proxy cannot take (over {@code MAXCONN}) with a 503 and closes it. The request is
 * not read; what the client sends meanwhile is discarded until it closes or a second passes, so the answer is not
 * destroyed by a reset for unread bytes before the client reads it.
 */
public final class OverloadRefusal extends ChannelInboundHandlerAdapter {

    private static final long LINGER_MILLIS = 1000;

    private final ErrorPages errorPages;

    private OverloadRefusal(ErrorPages errorPages) {
        this.errorPages = errorPages;
    }

    /** Makes the pipeline of an accepted connection refuse it politely. */
    public static void install(ChannelPipeline pipeline, HttpProxyContext context) {
        pipeline.addLast(new HttpResponseEncoder(), new OverloadRefusal(context.errorPages()));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(errorPages.response(503, true)).addListener((ChannelFutureListener) written -> {
            if (ctx.channel() instanceof DuplexChannel duplex && written.isSuccess()) {
                duplex.shutdownOutput();
                ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                ctx.close();
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
