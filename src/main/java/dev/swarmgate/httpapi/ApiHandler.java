package dev.swarmgate.httpapi;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * Hands each request to the {@link ApiRoutes} and writes the reply when its future completes, which may be on another
 * thread and, for a long poll, much later: the event loop never waits. The connection reads no further request until
 * the reply is written, so pipelined requests are answered in order.
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final ApiRoutes routes;
    private final String name;
    private final CompletableFuture<Void> gone = new CompletableFuture<>();

    ApiHandler(ApiRoutes routes, String name) {
        this.routes = routes;
        this.name = name;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpVersion version = request.protocolVersion();
        if (!request.decoderResult().isSuccess()) {
            write(ctx, version, false, routes.malformed());
            return;
        }
        ApiRequest received = new ApiRequest(request.method().name(), request.uri(),
                ByteBufUtil.getBytes(request.content()), gone,
                request.headers().get(HttpHeaderNames.AUTHORIZATION, ""));
        ctx.channel().config().setAutoRead(false);
        CompletableFuture<ApiReply> answer;
        try {
            answer = routes.answer(received);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.exceptionally(failure -> {
            // The path only: admin queries carry passwords.
            LOG.error("{} request {} {} failed", name, received.method(), RequestTarget.rawPathOf(received.uri()),
                    failure);
            return routes.failed(failure);
        }).thenAccept(reply -> ctx.executor().execute(() -> {
            write(ctx, version, keepAlive, reply);
            ctx.channel().config().setAutoRead(true);
        }));
    }

    private static void write(ChannelHandlerContext ctx, HttpVersion version, boolean keepAlive, ApiReply reply) {
        FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(reply.status()),
                Unpooled.wrappedBuffer(reply.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        reply.headers().forEach(response.headers()::set);
        if (keepAlive) {
            if (version.equals(HttpVersion.HTTP_1_0)) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        gone.complete(null);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("{} connection from {} failed: {}", name, ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
