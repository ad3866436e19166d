package dev.swarmgate.proxy.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * Answers {@code 501} to a CONNECT on an HTTP/2 stream, before the stream codec (which cannot express a request
 * without a path as HTTP/1.1). The proxy is a reverse proxy: it tunnels neither CONNECT nor, over HTTP/2, WebSocket
 * (RFC 8441's extended CONNECT is not offered); WebSocket clients use HTTP/1.1 on the same listener.
 */
final class Http2ConnectRefusal extends ChannelInboundHandlerAdapter {

    static final int STATUS = 501;

    private final ErrorPages errorPages;
    private boolean refused;

    Http2ConnectRefusal(ErrorPages errorPages) {
        this.errorPages = errorPages;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof Http2HeadersFrame headers && headers.headers().method() != null
                && HttpMethod.CONNECT.asciiName().contentEquals(headers.headers().method())) {
            refused = true;
            FullHttpResponse page = errorPages.response(STATUS, false);
            ctx.write(new DefaultHttp2HeadersFrame(HttpConversionUtil.toHttp2Headers(page, true), false));
            ctx.writeAndFlush(new DefaultHttp2DataFrame(page.content(), true))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
