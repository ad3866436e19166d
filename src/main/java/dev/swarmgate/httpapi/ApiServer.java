package dev.swarmgate.httpapi;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.UnixChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A control-plane HTTP server (the proxy's admin API, the listener's API) on its own single event-loop thread,
 * apart from the data plane so a busy proxy never delays configuration and the other way round: HTTP/1.1 codec, whole
 * requests up to a size, one {@link ApiHandler} answering from futures, so a held long poll costs a channel and no
 * thread.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final String name;
    private final String host;
    private final int requestedPort;
    private final int maxRequestBytes;
    private final ApiRoutes routes;
    private EventLoopGroup group;
    private Channel channel;
    /** A listening socket taken over from the process this one replaces, served instead of binding. */
    private OptionalInt inherited = OptionalInt.empty();

    /**
     * @param name for the thread and the log, such as {@code Admin API}
     * @param port 0 binds any free port; {@link #port()} tells which
     */
    public ApiServer(String name, String host, int port, int maxRequestBytes, ApiRoutes routes) {
        this.name = name;
        this.host = host;
        this.requestedPort = port;
        this.maxRequestBytes = maxRequestBytes;
        this.routes = routes;
    }

    /** Serves this already listening socket (taken over from another process, epoll only) instead of binding. */
    public synchronized ApiServer adopting(OptionalInt descriptor) {
        this.inherited = descriptor;
        return this;
    }

    /** The listening socket's descriptor, to hand to a successor process; empty without epoll or before start. */
    public synchronized OptionalInt descriptor() {
        return channel instanceof UnixChannel unix && channel.isOpen() ? OptionalInt.of(unix.fd().intValue())
                : OptionalInt.empty();
    }

    /** Binds the port; returns when it accepts connections. */
    public synchronized ApiServer start() throws InterruptedException {
        if (channel != null) {
            throw new IllegalStateException(name + " already started");
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'), true), io);
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast(new HttpServerCodec())
                                    .addLast(new HttpObjectAggregator(maxRequestBytes))
                                    .addLast(new ApiHandler(routes, name));
                        }
                    });
            if (inherited.isPresent() && epoll) {
                int fd = inherited.getAsInt();
                ChannelFactory<ServerChannel> fromDescriptor = () -> new EpollServerSocketChannel(fd);
                channel = bootstrap.channelFactory(fromDescriptor).register().sync().channel();
            } else {
                channel = bootstrap.channel(channelType).bind(host, requestedPort).sync().channel();
            }
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            group = null;
            throw e;
        }
        LOG.info("{} listening on {}:{} ({})", name, host, port(), epoll ? "epoll" : "nio");
        return this;
    }

    /** The bound port (the real one when 0 was asked for). */
    public int port() {
        if (channel == null) {
            throw new IllegalStateException(name + " not started");
        }
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
            channel = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
        }
    }
}
