package dev.swarmgate.server;

import dev.swarmgate.config.ListenerProtocol;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.TrustedNetworks;
import dev.swarmgate.proxy.http.DrainSignal;
import dev.swarmgate.proxy.http.Http2Pipeline;
import dev.swarmgate.proxy.http.HttpPipeline;
import dev.swarmgate.proxy.http.HttpProxyContext;
import dev.swarmgate.proxy.http.OverloadRefusal;
import dev.swarmgate.proxy.tcp.TcpPipeline;
import dev.swarmgate.proxy.tcp.TcpProxyContext;
import dev.swarmgate.proxy.tls.NegotiatedProtocol;
import dev.swarmgate.proxy.tls.TlsTermination;
import dev.swarmgate.proxyprotocol.ProxyHeaderCounters;
import dev.swarmgate.proxyprotocol.ProxyHeaderReader;
import dev.swarmgate.upstream.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One bound port and the client connections it accepted, HTTP or raw TCP as its spec says. Draining stops accepting
 * at once; an HTTP connection finishes the request under way before it closes, a TCP connection runs until one of
 * its ends closes it.
 */
final class Listener {

    private static final Logger LOG = LoggerFactory.getLogger(Listener.class);

    private final ListenerSpec spec;
    private final String bindHost;
    private final ServerBootstrap bootstrap;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Supplier<TlsTermination> terminations;
    private final EventLoopGroup workers;
    private final boolean reusePort;
    private final Class<? extends ServerChannel> serverChannelClass;
    /** The listening sockets, one per event loop with epoll (see {@link AcceptSockets}); empty until bound. */
    private volatile List<Channel> serverChannels = List.of();
    /** Set before the drain signal goes out, so a connection accepted meanwhile gets it too. */
    private volatile boolean draining;

    /** @param accepted counts the connections this port accepts (outlives the listener, for metrics) */
    Listener(ListenerSpec spec, String bindHost, Transport transport, EventLoopGroup workers,
             HttpProxyContext httpContext, LongAdder accepted, AcceptProxy acceptProxy,
             TcpProxyContext tcpContext, ConnectionCap cap, Supplier<TlsTermination> terminations) {
        this.spec = spec;
        this.bindHost = bindHost;
        this.terminations = terminations;
        this.workers = workers;
        this.reusePort = transport.reusePort();
        boolean tcp = spec.protocol() == ListenerProtocol.TCP;
        this.serverChannelClass = transport.serverChannelClass();
        // no channel type here: a bind sets it, an adopted socket comes with its own channel
        this.bootstrap = new ServerBootstrap()
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(cap.gate())
                // TCP_NODELAY: Netty sets it on every accepted socket (on Linux), so it is not set a second time.
                // No SO_KEEPALIVE: HTTP clients are closed by the proxy's own timeouts, and a tcp srcPort's clients
                // get it only when their route asks (clitcpka), as in HAProxy; one system call less per connection.
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, HttpProxyContext.WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accepted.increment();
                        if (ch.hasAttr(ConnectionCap.OVER_MAXCONN)) {
                            if (tcp) {
                                ch.close();
                            } else {
                                OverloadRefusal.install(ch.pipeline(), httpContext);
                            }
                            return;
                        }
                        connections.add(ch);
                        int port = spec.port() == 0 ? ch.localAddress().getPort() : spec.port();
                        TlsTermination tls = terminations.get();
                        if (tcp) {
                            TcpPipeline.install(ch.pipeline(), tcpContext, port);
                        } else if (spec.ssl() && tls.active()) {
                            tls.install(ch.pipeline(), new NegotiatedProtocol() {
                                @Override
                                public void http1(ChannelPipeline pipeline) {
                                    HttpPipeline.install(pipeline, httpContext, port);
                                    signalIfDraining(pipeline);
                                }

                                @Override
                                public void http2(ChannelPipeline pipeline) {
                                    Http2Pipeline.install(pipeline, httpContext, port);
                                    signalIfDraining(pipeline);
                                }
                            });
                        } else {
                            HttpPipeline.install(ch.pipeline(), httpContext, port);
                        }
                        if (spec.acceptProxy()) {
                            // Goes first; handlers after it read the client from the channel (ClientAddress.of).
                            ProxyHeaderReader.install(ch.pipeline(), acceptProxy.trusted()::contains,
                                    acceptProxy.counters(), acceptProxy.headerTimeout());
                        }
                        if (draining && !tcp) {
                            // accepted while the listener closed: the signal to the others may have missed it
                            ch.pipeline().fireUserEventTriggered(DrainSignal.INSTANCE);
                        }
                    }
                });
        if (tcp) {
            TcpPipeline.configure(bootstrap);
        }
    }

    /**
     * A TLS connection gets its HTTP handlers only after the handshake: a drain signal sent before then found nobody
     * to read it, so it is repeated once they are there.
     */
    private void signalIfDraining(ChannelPipeline pipeline) {
        if (draining) {
            pipeline.fireUserEventTriggered(DrainSignal.INSTANCE);
        }
    }

    ListenerSpec spec() {
        return spec;
    }

    /** How an accept-proxy listener treats PROXY headers; ignored by other listeners. */
    record AcceptProxy(TrustedNetworks trusted, ProxyHeaderCounters counters, Duration headerTimeout) {
    }

    /** @param inherited listening sockets of this port taken over from another process: served instead of binding */
    CompletableFuture<Void> bind(List<Integer> inherited) {
        CompletableFuture<List<Channel>> sockets = inherited.isEmpty()
                ? AcceptSockets.bind(bootstrap.clone().channel(serverChannelClass), workers, reusePort,
                        new InetSocketAddress(bindHost, spec.port()))
                : AcceptSockets.adopt(bootstrap, workers, inherited);
        return sockets.thenAccept(channels -> {
                    serverChannels = channels;
                    boolean tls = spec.ssl() && terminations.get().active();
                    LOG.info("listening on {}:{}{}{}{}{}", bindHost, localPort(),
                            spec.protocol() == ListenerProtocol.TCP ? " (tcp)" : "",
                            spec.ssl() ? (tls ? " (ssl: TLS)" : " (ssl: plain HTTP until a certificate is added)") : "",
                            spec.acceptProxy() ? " (accept-proxy)" : "",
                            inherited.isEmpty() ? "" : " (" + inherited.size() + " socket(s) taken over)");
                    if (spec.ssl() && !tls && spec.protocol() != ListenerProtocol.TCP) {
                        LOG.warn("{}", PlainSslPort.atBind(bindHost, localPort()));
                    }
                });
    }

    /** The descriptors of the listening sockets, to hand to a successor process; empty without epoll. */
    List<Integer> descriptors() {
        return serverChannels.stream().filter(Channel::isOpen).filter(UnixChannel.class::isInstance)
                .map(ch -> ((UnixChannel) ch).fd().intValue()).toList();
    }

    boolean isBound() {
        return serverChannels.stream().anyMatch(Channel::isActive);
    }

    int localPort() {
        List<Channel> channels = serverChannels;
        return channels.isEmpty() ? -1 : ((InetSocketAddress) channels.getFirst().localAddress()).getPort();
    }

    /** Completes when every connection accepted so far has closed (call after draining: no new ones come). */
    CompletableFuture<Void> connectionsClosed() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        connections.newCloseFuture().addListener(f -> closed.complete(null));
        return closed;
    }

    int openConnections() {
        return connections.size();
    }

    /** Why a listener stops accepting, which its log line says: a shutdown is not a reconfiguration. */
    enum Closing {
        /** No service or setting asks for the port any more. */
        UNCONFIGURED,
        /** The port moves between HTTP and TCP and is bound again at once. */
        PROTOCOL_CHANGED,
        /** The proxy is stopping. */
        SHUTDOWN
    }

    /** Stops accepting; completes when the port is released, so it can be bound again (e.g. for another protocol). */
    CompletableFuture<Void> drain(Closing why) {
        List<Channel> channels = serverChannels;
        // a shutdown after a drain closes again, without a second line
        boolean accepting = channels.stream().anyMatch(Channel::isOpen);
        CompletableFuture<Void> released = CompletableFuture.allOf(channels.stream()
                .map(channel -> {
                    CompletableFuture<Void> closed = new CompletableFuture<>();
                    channel.close().addListener(f -> closed.complete(null));
                    return closed;
                }).toArray(CompletableFuture[]::new));
        int open = connections.size();
        switch (accepting ? why : null) {
            case null -> { }
            case UNCONFIGURED -> LOG.info("port {} is no longer configured (no service or setting uses it):"
                    + " stopped accepting, draining {} connection(s)", spec.port(), open);
            case PROTOCOL_CHANGED -> LOG.info("port {} changes protocol: stopped accepting as {}, draining {}"
                    + " connection(s), binding it again", spec.port(), spec.protocol(), open);
            case SHUTDOWN -> LOG.info("stopping: port {} closed, draining {} connection(s)", spec.port(), open);
        }
        draining = true;
        if (spec.protocol() == ListenerProtocol.HTTP) {
            connections.forEach(ch -> ch.pipeline().fireUserEventTriggered(DrainSignal.INSTANCE));
        }
        return released;
    }
}
