package dev.swarmgate.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketReadMode;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The new proxy's side of a take-over ({@code TAKE_OVER=true}): receives the running proxy's listening sockets over
 * its {@link HandOverPoint}, and once this proxy serves on them, tells the old one to stop accepting and drain. The
 * kernel sockets stay the same throughout, so no connection waiting to be accepted is lost or refused.
 */
public final class TakeOver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TakeOver.class);

    private final Path path;
    private final EventLoopGroup loop;
    private final InheritedSockets sockets;

    private TakeOver(Path path, EventLoopGroup loop, InheritedSockets sockets) {
        this.path = path;
        this.loop = loop;
        this.sockets = sockets;
    }

    /**
     * Asks the proxy listening on {@code path} for its listening sockets; empty when no proxy answers there (none
     * runs: this one binds its ports as usual).
     *
     * @throws IllegalStateException when one answers but the hand-over fails, or epoll is not available
     */
    public static Optional<TakeOver> from(Path path, Duration timeout) throws InterruptedException {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("TAKE_OVER=true needs Linux with native epoll (passing sockets between"
                    + " processes): " + Epoll.unavailabilityCause());
        }
        if (!Files.exists(path)) {
            LOG.info("take-over: no running Swarmgate at {}: binding the ports", path);
            return Optional.empty();
        }
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("take-over", true),
                EpollIoHandler.newFactory());
        try {
            CompletableFuture<List<Integer>> received = new CompletableFuture<>();
            List<Integer> descriptors = new ArrayList<>();
            Channel channel;
            try {
                channel = new Bootstrap().group(loop).channel(EpollDomainSocketChannel.class)
                        .option(EpollChannelOption.DOMAIN_SOCKET_READ_MODE, DomainSocketReadMode.FILE_DESCRIPTORS)
                        .handler(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                if (msg instanceof FileDescriptor fd) {
                                    descriptors.add(fd.intValue());
                                } else {
                                    ReferenceCountUtil.release(msg);
                                }
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                received.complete(List.copyOf(descriptors));
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                received.completeExceptionally(cause);
                                ctx.close();
                            }
                        })
                        .connect(new DomainSocketAddress(path.toFile())).sync().channel();
            } catch (Exception e) { // a stale socket file: connection refused
                LOG.info("take-over: no Swarmgate answers at {} ({}): binding the ports", path, e.toString());
                loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                return Optional.empty();
            }
            channel.writeAndFlush(line(HandOverPoint.LISTENERS));
            List<Integer> fds = received.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            InheritedSockets sockets = InheritedSockets.of(fds);
            LOG.info("take-over: received {} listening socket(s) for port(s) {} from the running Swarmgate at {}",
                    fds.size(), sockets.ports(), path);
            return Optional.of(new TakeOver(path, loop, sockets));
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("take-over from the Swarmgate at " + path + " failed: " + cause
                    + "; stop it first, or start without TAKE_OVER", cause);
        }
    }

    /** The sockets received, for the listeners and the admin API to take. */
    public InheritedSockets sockets() {
        return sockets;
    }

    /**
     * Tells the old proxy to stop accepting and drain (this one serves the ports now); returns once it answered that
     * it no longer accepts, or {@code false} after {@code timeout}. Then closes the sockets no listener took.
     */
    public boolean release(Duration timeout) throws InterruptedException {
        CompletableFuture<String> answer = new CompletableFuture<>();
        try {
            Channel channel = new Bootstrap().group(loop).channel(EpollDomainSocketChannel.class)
                    .handler(new ChannelInboundHandlerAdapter() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ByteBuf bytes = (ByteBuf) msg;
                            text.append(bytes.toString(StandardCharsets.US_ASCII));
                            bytes.release();
                        }

                        @Override
                        public void channelInactive(ChannelHandlerContext ctx) {
                            answer.complete(text.toString().strip());
                        }
                    })
                    .connect(new DomainSocketAddress(path.toFile())).sync().channel();
            channel.writeAndFlush(line(HandOverPoint.DRAIN));
            String said = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!HandOverPoint.DRAINING.equals(said)) {
                LOG.warn("take-over: the old Swarmgate answered '{}' to drain", said);
                return false;
            }
            LOG.info("take-over: the old Swarmgate stopped accepting and drains; this process serves the ports");
            return true;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // Netty's sync() rethrows checked exceptions undeclared: an old process stopped by a signal meanwhile
            // (a Swarm start-first update stops it once the new task runs) has removed its socket file, so the
            // connect fails with FileNotFoundException. It no longer accepts either way: this one serves the ports.
            LOG.warn("take-over: the old Swarmgate did not confirm it stopped accepting ({}); both serve until it"
                    + " stops", e.toString());
            return false;
        } finally {
            sockets.closeRemaining();
        }
    }

    private static ByteBuf line(String text) {
        return Unpooled.copiedBuffer(text + "\n", StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        sockets.closeRemaining();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
