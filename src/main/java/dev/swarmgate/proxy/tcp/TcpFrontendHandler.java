package dev.swarmgate.proxy.tcp;

import dev.swarmgate.config.ProxyProtocol;
import dev.swarmgate.proxyprotocol.ClientAddress;
import dev.swarmgate.proxyprotocol.ProxyHeaders;
import dev.swarmgate.routing.TcpRoute;
import dev.swarmgate.upstream.Endpoint;
import dev.swarmgate.upstream.EndpointGroup;
import dev.swarmgate.upstream.ServiceConnectionLimits;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The first handler of a TCP listener's connection: finds the port's {@link TcpRoute} in the current snapshot,
 * connects to an endpoint on the client's own event loop (trying up to {@link #MAX_ATTEMPTS} endpoints), then hands
 * both channels to a pair of {@link ByteRelay}s and removes itself. Nothing is read from the client before the
 * backend is connected; a client that cannot be served is closed.
 */
final class TcpFrontendHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(TcpFrontendHandler.class);
    static final int MAX_ATTEMPTS = 3;

    private final TcpProxyContext context;
    private final int port;
    private TcpRoute route;
    private EndpointGroup group;
    private Channel backend;
    private Endpoint counted;
    private int attempts;
    /** Bytes epoll read before the backend was up (it reads on a peer's FIN even with auto-read off). */
    private final List<Object> early = new ArrayList<>(1);
    private boolean clientFinished;
    private TcpPortCounters counters;

    TcpFrontendHandler(TcpProxyContext context, int port) {
        this.context = context;
        this.port = port;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        counters = context.port(port);
        counters.accepted();
        route = context.snapshot().tcpRoute(port);
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
        group = context.endpointGroups().get(route.target());
        connectNext(ctx);
    }

    private void connectNext(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            return;
        }
        Endpoint endpoint = pickEndpoint(ctx);
        if (endpoint == null && attempts == 0 && group.size() == 0) {
            // Nothing resolved yet (a fresh target): wait for the first resolution, then pick once more.
            group.whenResolved().whenComplete((addresses, failure) -> ctx.executor().execute(() -> {
                Endpoint resolved = failure == null ? pickEndpoint(ctx) : null;
                if (resolved == null) {
                    refuse(ctx, route.target().host() + " does not resolve"
                            + (failure == null ? " to any address" : " (" + failure.getMessage() + ")"));
                } else {
                    connect(ctx, resolved);
                }
            }));
            return;
        }
        if (endpoint == null) {
            refuse(ctx, "no healthy endpoint of " + route.target() + " is left to try");
            return;
        }
        connect(ctx, endpoint);
    }

    private void connect(ChannelHandlerContext ctx, Endpoint endpoint) {
        if (!ctx.channel().isActive()) {
            return;
        }
        attempts++;
        // Counted from the pick to the tunnel's end, so P2C and least-connections see connects in flight too.
        countedDone();
        counted = endpoint;
        endpoint.started();
        Channel client = ctx.channel();
        ChannelFuture connecting = context.bootstrap(client.eventLoop(), route.connect()).connect(endpoint.address());
        backend = connecting.channel();
        connecting.addListener(f -> {
            if (f.isSuccess()) {
                context.own().record(connecting.channel(), endpoint.address());
                if (loopsBack(ctx)) {
                    // Checked again now: the first check may have run before the connect that made this client
                    // had recorded its address (they run on different threads).
                    connecting.channel().close();
                    return;
                }
                group.reportSuccess(endpoint);
                if (route.sendProxy() != ProxyProtocol.NONE) {
                    ProxyHeaders.write(connecting.channel(), route.sendProxy(), ClientAddress.of(ctx.channel()),
                            (InetSocketAddress) ctx.channel().localAddress());
                }
                join(ctx, connecting.channel());
                return;
            }
            group.reportConnectFailure(endpoint);
            LOG.debug("tcp {}: connect to {} failed (attempt {}): {}", route.backendName(), endpoint, attempts,
                    f.cause().toString());
            if (attempts < Math.min(MAX_ATTEMPTS, Math.max(1, group.size()))) {
                connectNext(ctx);
            } else {
                refuse(ctx, "connect to " + route.target() + " failed after " + attempts + " attempt(s): "
                        + f.cause().getMessage());
            }
        });
    }

    private void join(ChannelHandlerContext ctx, Channel connected) {
        Channel client = ctx.channel();
        if (!client.isActive()) {
            connected.close();
            return;
        }
        context.countRelayed();
        Endpoint relaying = counted;
        counted = null;
        client.closeFuture().addListener(closed -> relaying.finished());
        TcpPortCounters frontend = counters;
        connected.pipeline().addLast(new ByteRelay(client, bytes -> {
            relaying.received(bytes);
            frontend.toClient(bytes);
        }));
        client.pipeline().addLast(new TcpIdleTimeout(route.timeoutClient(), route.timeoutTunnel()),
                new ByteRelay(connected, bytes -> {
                    frontend.fromClient(bytes);
                    relaying.sent(bytes);
                }));
        for (Object msg : early) {
            if (msg instanceof ByteBuf buf) {
                frontend.fromClient(buf.readableBytes());
                relaying.sent(buf.readableBytes());
            }
            connected.write(msg, connected.voidPromise());
        }
        early.clear(); // before remove(this): handlerRemoved releases what is still held
        connected.flush();
        client.pipeline().remove(this);
        if (clientFinished) {
            // The client's FIN came before the backend was up: forward it now, through the relay.
            client.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        }
        ByteRelay.resumeReading(client);
        connected.config().setAutoRead(true);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        early.add(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            clientFinished = true;
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
        countedDone();
        Channel pending = backend;
        if (pending != null) {
            pending.close();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("tcp connection on port {} failed before the tunnel was up: {}", port, cause.toString());
        ctx.close();
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
        context.countRefused();
        counters.refused();
        countedDone();
        LOG.warn("tcp port {}: closing client {}: {}", port, ctx.channel().remoteAddress(), reason);
        ctx.close();
    }

    /** A healthy endpoint for this client (the client address matters only to the hashing algorithm). */
    private Endpoint pickEndpoint(ChannelHandlerContext ctx) {
        long hash = group.hashesClients() ? ClientAddress.of(ctx.channel()).getAddress().hashCode() : 0;
        return group.pick(hash);
    }

    /** Ends the outstanding count of the endpoint last connected to (once: on retry, or when the tunnel ends). */
    private void countedDone() {
        Endpoint done = counted;
        counted = null;
        if (done != null) {
            done.finished();
        }
    }
}
