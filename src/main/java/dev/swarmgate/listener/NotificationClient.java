package dev.swarmgate.listener;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends one notification request and returns its status and body, on Netty, one short HTTP/1.1 connection per
 * request ({@code Connection: close}) as DFSL's Go client effectively did. Nothing blocks a caller: host names are
 * looked up on virtual threads (swarm DNS may be slow to fail), and the whole exchange is bounded by a deadline on
 * the event loop. Cancelling the returned future closes the connection, which aborts the request.
 */
final class NotificationClient implements AutoCloseable {

    private static final int MAX_ANSWER_BYTES = 1024 * 1024;

    /** What the proxy answered. */
    record Answer(int status, String body) {
    }

    private final EventLoopGroup group;
    private final Class<? extends Channel> channelClass;
    private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();

    NotificationClient() {
        boolean epoll = Epoll.isAvailable();
        channelClass = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("listener-notify", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /**
     * @param requestTarget the path and query to ask for
     * @param timeout       for the whole exchange: lookup, connect, request and answer
     * @return completes with the answer, whatever its status, or exceptionally with an {@link IOException} saying
     * what failed
     */
    CompletableFuture<Answer> send(NotifyTarget target, String requestTarget, Duration timeout) {
        CompletableFuture<Answer> result = new CompletableFuture<>();
        AtomicReference<Channel> channel = new AtomicReference<>();
        ScheduledFuture<?> deadline = group.next().schedule(() -> result.completeExceptionally(new IOException(
                "no answer from " + target.hostHeader() + " within " + timeout.toMillis() + " ms")),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((answer, failure) -> {
            deadline.cancel(false);
            Channel open = channel.get();
            if (open != null) {
                open.close();
            }
        });
        CompletableFuture.supplyAsync(() -> lookup(target.host()), lookups).whenComplete((address, failure) -> {
            if (failure != null) {
                result.completeExceptionally(cause(failure));
            } else if (!result.isDone()) {
                connect(target, requestTarget, new InetSocketAddress(address, target.port()), timeout, result,
                        channel);
            }
        });
        return result;
    }

    private void connect(NotifyTarget target, String requestTarget, InetSocketAddress address, Duration timeout,
                         CompletableFuture<Answer> result, AtomicReference<Channel> channel) {
        new Bootstrap()
                .group(group)
                .channel(channelClass)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_ANSWER_BYTES),
                                new AnswerHandler(result));
                    }
                })
                .connect(address)
                .addListener((ChannelFutureListener) connected -> {
                    if (!connected.isSuccess()) {
                        result.completeExceptionally(new IOException("cannot connect to " + target.hostHeader()
                                + " (" + address.getAddress().getHostAddress() + "): "
                                + connected.cause().getMessage(), connected.cause()));
                        return;
                    }
                    Channel ch = connected.channel();
                    channel.set(ch);
                    if (result.isDone()) { // cancelled or timed out while connecting
                        ch.close();
                        return;
                    }
                    ch.writeAndFlush(request(target, requestTarget)).addListener((ChannelFutureListener) written -> {
                        if (!written.isSuccess()) {
                            result.completeExceptionally(new IOException("sending to " + target.hostHeader()
                                    + " failed: " + written.cause().getMessage(), written.cause()));
                        }
                    });
                });
    }

    private static InetAddress lookup(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new CompletionException(new IOException("cannot resolve host " + host + " (is the proxy service on"
                    + " a network the listener shares?)", e));
        }
    }

    private static FullHttpRequest request(NotifyTarget target, String requestTarget) {
        HttpMethod method = HttpMethod.valueOf(target.method());
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, requestTarget,
                Unpooled.EMPTY_BUFFER);
        request.headers()
                .set(HttpHeaderNames.HOST, target.hostHeader())
                .set(HttpHeaderNames.USER_AGENT, "swarmgate-listener")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0); // as Go sends for a body-less POST
        }
        if (!target.userInfo().isEmpty()) {
            request.headers().set(HttpHeaderNames.AUTHORIZATION, "Basic " + Base64.getEncoder()
                    .encodeToString(target.userInfo().getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    @Override
    public void close() {
        lookups.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static final class AnswerHandler extends SimpleChannelInboundHandler<FullHttpResponse> {

        private final CompletableFuture<Answer> result;

        AnswerHandler(CompletableFuture<Answer> result) {
            this.result = result;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            result.complete(new Answer(response.status().code(), response.content().toString(StandardCharsets.UTF_8)));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(new IOException("reading the answer failed: " + cause.getMessage(), cause));
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(new IOException("the connection closed before an answer"));
        }
    }
}
