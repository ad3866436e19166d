package dev.swarmgate.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.FileDescriptor;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The running proxy's side of a take-over: a Unix socket (in the state directory) where a new Swarmgate started with
 * {@code TAKE_OVER=true} asks for the listening sockets ({@code listeners}: they come back as descriptors, then the
 * connection closes) and then tells this one to stop accepting ({@code drain}: answered {@code draining} once it no
 * longer accepts). Only the socket's owner may connect (mode 0600): whoever connects can take the ports.
 */
public final class HandOverPoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HandOverPoint.class);
    static final String LISTENERS = "listeners";
    static final String DRAIN = "drain";
    static final String DRAINING = "draining";

    private final EventLoopGroup loop;
    private final Channel server;
    private final Path path;

    private HandOverPoint(EventLoopGroup loop, Channel server, Path path) {
        this.loop = loop;
        this.server = server;
        this.path = path;
    }

    /**
     * Listens on {@code path} (a stale file left by a process that died is replaced).
     *
     * @param listening the descriptors of every listening socket to hand over, read when a successor asks
     * @param yield     stops accepting on them; completes when nothing accepts any more
     */
    public static HandOverPoint open(Path path, Supplier<List<Integer>> listening,
                                     Supplier<CompletableFuture<Void>> yield) throws IOException, InterruptedException {
        Files.deleteIfExists(path);
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("hand-over", true),
                EpollIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap().group(loop).channel(EpollServerDomainSocketChannel.class)
                    .childHandler(new ChannelInitializer<EpollDomainSocketChannel>() {
                        @Override
                        protected void initChannel(EpollDomainSocketChannel ch) {
                            ch.pipeline().addLast(new LineBasedFrameDecoder(64), new Request(listening, yield));
                        }
                    })
                    .bind(new DomainSocketAddress(path.toFile())).sync().channel();
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            return new HandOverPoint(loop, server, path);
        } catch (RuntimeException | IOException | InterruptedException e) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Whether sockets can be handed over here: Linux with native epoll. */
    public static boolean supported() {
        return Epoll.isAvailable();
    }

    public Path path() {
        return path;
    }

    /**
     * Stops listening and removes the socket file, so a successor can listen on the same path; a request under way
     * (the successor's {@code drain}) still gets its answer.
     */
    public void stopListening() {
        server.close().syncUninterruptibly();
    }

    @Override
    public void close() {
        stopListening();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** One successor's request, a line. */
    private static final class Request extends SimpleChannelInboundHandler<ByteBuf> {
        private final Supplier<List<Integer>> listening;
        private final Supplier<CompletableFuture<Void>> yield;

        Request(Supplier<List<Integer>> listening, Supplier<CompletableFuture<Void>> yield) {
            this.listening = listening;
            this.yield = yield;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
            String request = line.toString(StandardCharsets.US_ASCII).strip();
            EpollDomainSocketChannel channel = (EpollDomainSocketChannel) ctx.channel();
            String successor = successor(channel);
            switch (request) {
                case LISTENERS -> {
                    List<Integer> descriptors = listening.get();
                    LOG.info("take-over: handing {} listening socket(s) to {}", descriptors.size(), successor);
                    // Sent as copies: this process keeps serving on its own until it is told to drain.
                    descriptors.forEach(fd -> ctx.write(new FileDescriptor(fd)));
                    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                }
                case DRAIN -> {
                    LOG.info("take-over: {} serves the ports now; this process stops accepting and drains",
                            successor);
                    yield.get().whenComplete((ignored, failure) -> ctx.writeAndFlush(Unpooled.copiedBuffer(
                            DRAINING + "\n", StandardCharsets.US_ASCII)).addListener(ChannelFutureListener.CLOSE));
                }
                default -> {
                    LOG.warn("take-over: unknown request '{}' from {} ignored", request, successor);
                    ctx.close();
                }
            }
        }

        private static String successor(EpollDomainSocketChannel channel) {
            try {
                return "process " + channel.peerCredentials().pid();
            } catch (IOException e) {
                return "a new process";
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("take-over: a request failed: {}", cause.toString());
            ctx.close();
        }
    }
}
