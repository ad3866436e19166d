package dev.swarmgate.proxy.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits between an HTTP/2 stream's frontend and its stream codec, for the responses HTTP/2 frames differently from
 * HTTP/1.1: an interim response (103, ...) is written as a complete message for the HTTP/1.1 encoder, which the stream
 * codec would turn into a HEADERS frame that ends the stream; here it becomes a head alone, which leaves the stream
 * open for the final response. A 101 has no meaning in HTTP/2 (RFC 9113 §8.6): the stream is reset instead.
 */
final class Http2InterimResponses extends ChannelOutboundHandlerAdapter {

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response
                && response.status().codeClass() == io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL) {
            int code = response.status().code();
            if (code == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
                ReferenceCountUtil.release(msg);
                promise.setSuccess();
                ctx.close();
                return;
            }
            if (code != HttpResponseStatus.CONTINUE.code() && response instanceof FullHttpResponse full) {
                // The stream codec writes a 100 itself as an open HEADERS frame; any other 1xx needs the head alone.
                HttpResponse head = new DefaultHttpResponse(full.protocolVersion(), full.status(), full.headers());
                full.release();
                ctx.write(head, promise);
                return;
            }
        }
        ctx.write(msg, promise);
    }
}
