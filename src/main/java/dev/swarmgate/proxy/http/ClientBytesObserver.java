package dev.swarmgate.proxy.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Sits before the HTTP decoder and tells the frontend that bytes arrived, so a slow request head can be timed. */
final class ClientBytesObserver extends ChannelInboundHandlerAdapter {

    private final HttpFrontendHandler frontend;

    ClientBytesObserver(HttpFrontendHandler frontend) {
        this.frontend = frontend;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        frontend.onClientBytes();
        ctx.fireChannelRead(msg);
    }
}
