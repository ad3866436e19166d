package dev.swarmgate.docker;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An Engine API stand-in on a Unix socket: answers fixed bodies by path and records what was asked. A fake, for
 * faults a real engine cannot be made to produce here (an engine that appears late, never answers, or errs).
 */
public final class FakeEngine implements AutoCloseable {

    public record Answer(int status, byte[] body) {
    }

    /** A status that makes the fake keep the connection open and never answer. */
    public static final int SILENT = 0;

    public final Map<String, Answer> answers = new ConcurrentHashMap<>();
    public final List<String> requests = new CopyOnWriteArrayList<>();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final Channel server;
    final Path socket;

    public FakeEngine(Path socket) throws InterruptedException {
        this.socket = socket;
        server = new ServerBootstrap().group(group).channel(EpollServerDomainSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                        requests.add(req.uri());
                                        String path = req.uri().split("\\?")[0];
                                        Answer answer = answers.getOrDefault(path,
                                                new Answer(404, "{\"message\":\"page not found\"}".getBytes()));
                                        if (answer.status() == SILENT) {
                                            return;
                                        }
                                        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                                HttpResponseStatus.valueOf(answer.status()),
                                                Unpooled.wrappedBuffer(answer.body()));
                                        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                                .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
                                        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
                                    }
                                });
                    }
                })
                .bind(new DomainSocketAddress(socket.toString())).sync().channel();
    }

    public FakeEngine answer(String path, int status, byte[] body) {
        answers.put(path, new Answer(status, body));
        return this;
    }

    public FakeEngine answer(String path, int status, String body) {
        return answer(path, status, body.getBytes());
    }

    public DockerEndpoint endpoint() {
        return DockerEndpoint.unix(socket.toString());
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
