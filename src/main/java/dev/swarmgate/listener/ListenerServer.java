package dev.swarmgate.listener;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
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
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The listener's HTTP server (DFSL's port 8080) on one event-loop thread, built as the proxy's admin server is:
 * codec, aggregator, one handler that answers from futures. Thousands of held long polls cost a channel each and
 * no thread.
 */
public final class ListenerServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerServer.class);
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final String host;
    private final int requestedPort;
    private final ListenerApi api;
    private EventLoopGroup group;
    private Channel channel;

    /** @param port 0 binds any free port; {@link #port()} tells which */
    public ListenerServer(String host, int port, ListenerApi api) {
        this.host = host;
        this.requestedPort = port;
        this.api = api;
    }

    /** Binds the port; returns when it accepts connections. */
    public synchronized ListenerServer start() throws InterruptedException {
        if (channel != null) {
            throw new IllegalStateException("listener server already started");
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("listener-api", true), io);
        try {
            channel = new ServerBootstrap()
                    .group(group)
                    .channel(channelType)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast(new HttpServerCodec())
                                    .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                    .addLast(new ListenerHandler(api));
                        }
                    })
                    .bind(host, requestedPort).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            group = null;
            throw e;
        }
        LOG.info("Listener API listening on {}:{} ({})", host, port(), epoll ? "epoll" : "nio");
        return this;
    }

    /** The bound port (the real one when 0 was asked for). */
    public int port() {
        if (channel == null) {
            throw new IllegalStateException("listener server not started");
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
