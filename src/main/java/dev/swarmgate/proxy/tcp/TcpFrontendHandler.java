package dev.swarmgate.proxy.tcp;

import dev.swarmgate.observe.AccessLog;
import dev.swarmgate.observe.AccessRecord;
import dev.swarmgate.config.ProxyProtocol;
import dev.swarmgate.config.Transparency;
import dev.swarmgate.proxyprotocol.ClientAddress;
import dev.swarmgate.proxyprotocol.ProxyHeaders;
import dev.swarmgate.routing.TcpRoute;
import dev.swarmgate.upstream.ConnectFailure;
import dev.swarmgate.upstream.Dialer;
import dev.swarmgate.upstream.Endpoint;
import dev.swarmgate.upstream.EndpointGroup;
import dev.swarmgate.upstream.ServiceConnectionLimits;
import dev.swarmgate.upstream.TransparentDialer;
import dev.swarmgate.upstream.UpstreamConnector;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The first handler of a TCP listener's connection: finds the port's {@link TcpRoute} in the current snapshot,
 * connects to an endpoint on the client's own event loop through the {@link UpstreamConnector} HTTP uses too, then hands
 * both channels to a {@link SplicedTunnel} (epoll, nothing else on the pipeline, {@code TCP_SPLICE} on) or else to a
 * pair of {@link ByteRelay}s, and removes itself. Nothing is read from the client before the
 * backend is connected; a client that cannot be served is closed. On a {@code reqMode=sni} port the
 * {@link ServerNameRouter} before it reads the ClientHello and gives it the route ({@link #routeTo}), and the
 * ClientHello's bytes arrive here untouched, to be the first ones relayed.
 */
final class TcpFrontendHandler extends ChannelInboundHandlerAdapter implements UpstreamConnector.Client {

    private static final Logger LOG = LoggerFactory.getLogger(TcpFrontendHandler.class);

    private final TcpProxyContext context;
    private final int port;
    private TcpRoute route;
    private ChannelHandlerContext ctx;
    private UpstreamConnector connector;
    /** Bytes epoll read before the backend was up (it reads on a peer's FIN even with auto-read off). */
    private final List<Object> early = new ArrayList<>(1);
    private boolean clientFinished;
    private TcpPortCounters counters;
    /** On an sni port: the route comes from the ClientHello's server name, not from the port. */
    private final boolean routedByServerName;
    private boolean refused;
    private long acceptedNanos;

    TcpFrontendHandler(TcpProxyContext context, int port) {
        this(context, port, false);
    }

    TcpFrontendHandler(TcpProxyContext context, int port, boolean routedByServerName) {
        this.context = context;
        this.port = port;
        this.routedByServerName = routedByServerName;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        counters = context.port(port);
        counters.accepted();
        acceptedNanos = System.nanoTime();
        if (routedByServerName) {
            this.ctx = ctx;
            return; // the ServerNameRouter calls routeTo once the ClientHello is in
        }
        route = context.snapshot().tcpRoute(port);
        begin(ctx);
    }

    /** The {@link ServerNameRouter} found the route for the ClientHello's server name: connect to it. */
    void routeTo(TcpRoute chosen, String serverName) {
        route = chosen;
        LOG.debug("sni port {}: {} asks for {}, relayed to {}", port, ctx.channel().remoteAddress(), serverName,
                chosen.backendName());
        begin(ctx);
    }

    /** The {@link ServerNameRouter} found no route: count the client as refused and close it. */
    void unrouted(String reason) {
        refuse(ctx, reason, false);
    }

    private void begin(ChannelHandlerContext ctx) {
        if (loopsBack(ctx)) {
            return;
        }
        if (route == null) {
            refuse(ctx, "no tcp route on this port any more");
            return;
        }
        if (route.clientKeepAlive()) {
            // clitcpka: HAProxy's option clitcpka, the kernel's keep-alive probes on the client side.
            ctx.channel().config().setOption(ChannelOption.SO_KEEPALIVE, true);
        }
        if (route.maxConnections() > 0) {
            ServiceConnectionLimits limits = context.endpointGroups().connectionLimits();
            if (!limits.tryAcquire(route.serviceName(), route.maxConnections())) {
                refuse(ctx, "service " + route.serviceName() + " has maxConn=" + route.maxConnections()
                        + " connections open");
                return;
            }
            String service = route.serviceName();
            ctx.channel().closeFuture().addListener(closed -> limits.release(service));
        }
        this.ctx = ctx;
        Channel client = ctx.channel();
        EndpointGroup group = context.endpointGroups().get(route.target());
        Bootstrap bootstrap = context.bootstrap(client.eventLoop(), route.connect());
        // transparent: the backend connection's source is the client's address (its port too with transparentPort).
        Dialer dialer = route.transparency().on() ? new TransparentDialer(bootstrap).from(ClientAddress.of(client),
                route.transparency() == Transparency.CLIENT_IP_AND_PORT) : bootstrap::connect;
        connector = new UpstreamConnector(group, ctx.executor(), dialer, this);
        long hash = group.hashesClients() ? ClientAddress.of(client).getAddress().hashCode() : 0;
        connector.connect(hash, null, false);
    }

    // ---- the connector's client -------------------------------------------------------------------------------

    @Override
    public boolean gone() {
        return !ctx.channel().isActive();
    }

    @Override
    public Channel pooled(InetSocketAddress address) {
        return null; // a TCP connection belongs to one client
    }

    @Override
    public void connected(Channel backend, Endpoint endpoint, boolean fresh) {
        context.own().record(backend, endpoint.address());
        if (loopsBack(ctx)) {
            // Checked again now: the first check may have run before the connect that made this client had
            // recorded its address (they run on different threads).
            backend.close();
            return;
        }
        if (route.sendProxy() != ProxyProtocol.NONE) {
            ProxyHeaders.write(backend, route.sendProxy(), ClientAddress.of(ctx.channel()),
                    (InetSocketAddress) ctx.channel().localAddress());
        }
        join(ctx, backend);
    }

    @Override
    public void failed(ConnectFailure failure, String detail) {
        refuse(ctx, detail);
    }

    private void join(ChannelHandlerContext ctx, Channel connected) {
        Channel client = ctx.channel();
        if (!client.isActive()) {
            connected.close();
            return;
        }
        context.countRelayed();
        Endpoint relaying = connector.takeCounted();
        client.closeFuture().addListener(closed -> relaying.finished());
        TcpPortCounters frontend = counters;
        AccessLog log = context.accessLog();
        LongConsumer fromClient;
        LongConsumer toClient;
        if (log.wants(false)) {
            // Both directions run on this loop, so the session's own totals need no atomics.
            long[] session = new long[2];
            fromClient = bytes -> {
                frontend.fromClient(bytes);
                relaying.sent(bytes);
                session[0] += bytes;
            };
            toClient = bytes -> {
                relaying.received(bytes);
                frontend.toClient(bytes);
                session[1] += bytes;
            };
            int retries = connector.retries();
            client.closeFuture().addListener(closed -> log.offer(accessRecord(client, 0, session[0], session[1],
                    relaying.key(), retries)));
        } else {
            fromClient = bytes -> {
                frontend.fromClient(bytes);
                relaying.sent(bytes);
            };
            toClient = bytes -> {
                relaying.received(bytes);
                frontend.toClient(bytes);
            };
        }
        TcpIdleTimeout idle = new TcpIdleTimeout(route.timeoutClient(), route.timeoutTunnel());
        for (Object msg : early) {
            if (msg instanceof ByteBuf buf) {
                fromClient.accept(buf.readableBytes());
            }
            connected.write(msg, connected.voidPromise());
        }
        early.clear(); // before remove(this): handlerRemoved releases what is still held
        if (spliceable(client, connected)) {
            client.pipeline().addLast(idle);
            // Netty must have sent what it holds (PROXY header, early bytes) before the kernel takes over; bytes the
            // client sends meanwhile still land in early and are handed over.
            connected.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(flushed -> SplicedTunnel.start(
                    (EpollSocketChannel) client, (EpollSocketChannel) connected, idle, fromClient, toClient,
                    new HandOver(fromClient)));
            return;
        }
        connected.pipeline().addLast(new ByteRelay(client, toClient));
        client.pipeline().addLast(idle, new ByteRelay(connected, fromClient));
        connected.flush();
        client.pipeline().remove(this);
        if (clientFinished) {
            // The client's FIN came before the backend was up: forward it now, through the relay.
            client.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        }
        ByteRelay.resumeReading(client);
        connected.config().setAutoRead(true);
    }

    /**
     * Splice when it is on, both sockets are epoll's, and nothing but this handler is on the client's pipeline: no
     * TLS, no decoder still waiting (an accept-proxy header reader leaves once the header is read).
     */
    private boolean spliceable(Channel client, Channel backend) {
        return context.splice() && client.pipeline().first() == this && client.pipeline().last() == this
                && SplicedTunnel.possible(client, backend);
    }

    /** What the {@link SplicedTunnel} takes from this handler once Netty let go of both channels; it then leaves. */
    private final class HandOver implements SplicedTunnel.HandOver {
        private final LongConsumer fromClient;

        HandOver(LongConsumer fromClient) {
            this.fromClient = fromClient;
        }

        @Override
        public List<ByteBuf> takeUnsent() {
            List<ByteBuf> unsent = new ArrayList<>(early.size());
            for (Object msg : early) {
                if (msg instanceof ByteBuf buf) {
                    fromClient.accept(buf.readableBytes());
                    unsent.add(buf);
                } else {
                    ReferenceCountUtil.release(msg);
                }
            }
            early.clear();
            if (ctx.pipeline().context(TcpFrontendHandler.this) != null) {
                ctx.pipeline().remove(TcpFrontendHandler.this);
            }
            return unsent;
        }

        @Override
        public boolean clientEnded() {
            return clientFinished;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        early.add(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            clientFinished = true;
            if (routedByServerName && route == null) {
                // The client closed its side before a whole ClientHello: it can never be routed (a port probe).
                LOG.debug("sni port {}: client {} closed before sending a ClientHello", port,
                        ctx.channel().remoteAddress());
                ctx.close();
            }
            return;
        }
        if (evt instanceof SniCompletionEvent sni) {
            if (!sni.isSuccess()) {
                // Not TLS, a ClientHello over the size bound, or none within the wait: the router closes it.
                refuse(ctx, "no usable TLS ClientHello: " + sni.cause(), false);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        early.forEach(ReferenceCountUtil::release);
        early.clear();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // The client left while we were still connecting.
        if (connector != null) {
            connector.abandon();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("tcp connection on port {} failed before the tunnel was up: {}", port, cause.toString());
        ctx.close();
    }

    /** The session's access log line: {@code status} 0 for a relayed session, 503 for a refused one. */
    private AccessRecord accessRecord(Channel client, int status, long bytesIn, long bytesOut, String endpoint,
                                      int retries) {
        return new AccessRecord(System.currentTimeMillis(), ClientAddress.of(client), port, null, null, null,
                "TCP", false, status, bytesIn, bytesOut, System.nanoTime() - acceptedNanos, -1,
                route == null ? null : route.serviceName(), route == null ? null : route.backendName(), endpoint,
                retries);
    }

    /**
     * Refuses a client that is one of this proxy's own backend connections: its route's backend is this listener
     * (through a name or address that resolves to this host), and forwarding would connect to it again without end.
     */
    private boolean loopsBack(ChannelHandlerContext ctx) {
        if (!context.own().isOwn(ctx.channel())) {
            return false;
        }
        String backend = route == null ? "its backend" : "the backend " + route.target() + " of " + route.backendName();
        refuse(ctx, "the connection loops back into this proxy: " + backend + " is this proxy's own port " + port
                + " (as " + ((InetSocketAddress) ctx.channel().localAddress()).getAddress().getHostAddress() + ":"
                + port + "); point the service's outboundHostname and port at the service, not at the proxy");
        return true;
    }

    private void refuse(ChannelHandlerContext ctx, String reason) {
        refuse(ctx, reason, true);
    }

    /**
     * @param warn false for what a client caused on an sni port (no or unknown server name, not TLS, too slow):
     *             that is counted and logged at debug, so a scanner cannot fill the log
     */
    private void refuse(ChannelHandlerContext ctx, String reason, boolean warn) {
        if (refused) {
            ctx.close();
            return;
        }
        refused = true;
        context.countRefused();
        counters.refused();
        AccessLog log = context.accessLog();
        if (log.wants(true)) {
            log.offer(accessRecord(ctx.channel(), 503, 0, 0, null, connector == null ? 0 : connector.retries()));
        }
        if (connector != null) {
            connector.release();
        }
        if (warn) {
            LOG.warn("tcp port {}: closing client {}: {}", port, ctx.channel().remoteAddress(), reason);
        } else {
            LOG.debug("sni port {}: closing client {}: {}", port, ctx.channel().remoteAddress(), reason);
        }
        ctx.close();
    }
}
