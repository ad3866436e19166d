package dev.swarmgate.proxy.http;

import dev.swarmgate.config.BackendTls;
import dev.swarmgate.config.Transparency;
import dev.swarmgate.observe.AccessLog;
import dev.swarmgate.observe.DestinationMeters;
import dev.swarmgate.observe.TrafficMeters;
import dev.swarmgate.routing.Route;
import dev.swarmgate.routing.Snapshot;
import dev.swarmgate.upstream.BackendTlsContext;
import dev.swarmgate.upstream.ConnectionPool;
import dev.swarmgate.upstream.Dialer;
import dev.swarmgate.upstream.EndpointGroups;
import dev.swarmgate.upstream.TlsDialer;
import dev.swarmgate.upstream.TransparentDialer;
import dev.swarmgate.upstream.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.FastThreadLocal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What every HTTP connection shares: the current snapshot, the endpoint groups, the error pages, and per event loop
 * connection pools (plain and TLS) and a bootstrap for backend connections (used only from that loop, so without
 * locks).
 */
public final class HttpProxyContext {

    public static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);

    /** Idle backend connections are closed at most a quarter of their idle limit late, and swept no more often. */
    private static final Duration MIN_EXPIRY_PERIOD = Duration.ofMillis(250);

    private final Supplier<Snapshot> snapshots;
    private final EndpointGroups endpointGroups;
    private final ErrorPages errorPages;
    private final Transport transport;
    private final FastThreadLocal<LoopResources> loopResources = new FastThreadLocal<>();
    private final BiFunction<EventLoop, Bootstrap, Dialer> dialers;
    private volatile CompletableFuture<SslContext> backendTls;
    private volatile StatsPage statsPage = StatsPage.OFF;
    private final TrafficMeters traffic;
    private volatile AccessLog accessLog = AccessLog.OFF;

    public HttpProxyContext(Supplier<Snapshot> snapshots, EndpointGroups endpointGroups, ErrorPages errorPages,
                            Transport transport) {
        this(snapshots, endpointGroups, errorPages, transport, new TrafficMeters());
    }

    /** @param traffic what requests are counted in */
    public HttpProxyContext(Supplier<Snapshot> snapshots, EndpointGroups endpointGroups, ErrorPages errorPages,
                            Transport transport, TrafficMeters traffic) {
        this(snapshots, endpointGroups, errorPages, transport, (loop, bootstrap) -> bootstrap::connect, traffic);
    }

    HttpProxyContext(Supplier<Snapshot> snapshots, EndpointGroups endpointGroups, ErrorPages errorPages,
                     Transport transport, BiFunction<EventLoop, Bootstrap, Dialer> dialers) {
        this(snapshots, endpointGroups, errorPages, transport, dialers, new TrafficMeters());
    }

    /**
     * @param dialers how an event loop opens backend connections, given the bootstrap it would use (tests hand out
     *                in-memory channels here)
     */
    private HttpProxyContext(Supplier<Snapshot> snapshots, EndpointGroups endpointGroups, ErrorPages errorPages,
                             Transport transport, BiFunction<EventLoop, Bootstrap, Dialer> dialers,
                             TrafficMeters traffic) {
        this.traffic = traffic;
        this.snapshots = snapshots;
        this.endpointGroups = endpointGroups;
        this.errorPages = errorPages;
        this.transport = transport;
        this.dialers = dialers;
    }

    Snapshot snapshot() {
        return snapshots.get();
    }

    EndpointGroups endpointGroups() {
        return endpointGroups;
    }

    ErrorPages errorPages() {
        return errorPages;
    }

    /** Serves {@code page} ahead of routing on every HTTP listener ({@link StatsPage#OFF}: none, the default). */
    public void serveStatsPage(StatsPage page) {
        this.statsPage = page;
    }

    StatsPage statsPage() {
        return statsPage;
    }

    /** Where each request's line goes ({@link AccessLog#OFF} unless the proxy's settings turn it on). */
    public void accessLog(AccessLog log) {
        this.accessLog = log;
    }

    AccessLog accessLog() {
        return accessLog;
    }

    /**
     * The meters of a route's destination, from the calling loop's cache: one identity lookup per request, and the
     * shared map only for a route the loop has not met since the snapshot changed.
     */
    DestinationMeters meters(EventLoop eventLoop, Route route) {
        LoopResources resources = loop(eventLoop);
        Snapshot snapshot = snapshots.get();
        if (resources.metersOf != snapshot) {
            resources.metersOf = snapshot;
            resources.meters.clear();
        }
        DestinationMeters meters = resources.meters.get(route);
        if (meters == null || meters.retired()) {
            meters = traffic.destination(route.serviceName(), route.backendName());
            resources.meters.put(route, meters);
        }
        return meters;
    }

    /** The calling event loop's pool and bootstrap. */
    LoopResources loop(EventLoop eventLoop) {
        LoopResources resources = loopResources.get();
        if (resources == null) {
            Snapshot snapshot = snapshots.get();
            long idleNanos = TimeUnit.MILLISECONDS.toNanos(
                    Math.max(1000, snapshot.timeouts().httpKeepAlive().toMillis()));
            Bootstrap bootstrap = new Bootstrap()
                    .group(eventLoop)
                    .channel(transport.socketChannelClass())
                    // TCP_NODELAY: Netty sets it on every socket it creates (on Linux), so it is not set twice.
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                            (int) Math.min(Integer.MAX_VALUE, snapshot.timeouts().connect().toMillis()))
                    .option(ChannelOption.SO_KEEPALIVE, true)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(endpointGroups.ownConnections().recorder());
                            ch.pipeline().addLast(new HttpClientCodec(8192, 32768, 65536));
                            ch.pipeline().addLast(new BackendHandler());
                        }
                    });
            Duration expiry = Duration.ofNanos(Math.max(MIN_EXPIRY_PERIOD.toNanos(), idleNanos / 4));
            ConnectionPool<BackendHandler> pool = new ConnectionPool<>(idleNanos);
            pool.expireIdleEvery(eventLoop, expiry);
            // TLS connections have a pool of their own: one is never handed to a plain route, nor the reverse.
            ConnectionPool<BackendHandler> tlsPool = new ConnectionPool<>(idleNanos);
            tlsPool.expireIdleEvery(eventLoop, expiry);
            resources = new LoopResources(pool, dialers.apply(eventLoop, bootstrap), tlsPool,
                    snapshot.timeouts().connect(), this::backendTlsContext, new TransparentDialer(bootstrap));
            loopResources.set(resources);
        }
        return resources;
    }

    /**
     * The client TLS context of {@code sslVerifyNone} backends. Its first use starts the build on a thread of its own:
     * loading the TLS library can take seconds, which must not stall an event loop (and most proxies never need it).
     */
    private CompletableFuture<SslContext> backendTlsContext() {
        CompletableFuture<SslContext> context = backendTls;
        if (context == null) {
            synchronized (this) {
                context = backendTls;
                if (context == null) {
                    CompletableFuture<SslContext> building = new CompletableFuture<>();
                    Thread.ofPlatform().daemon().name("backend-tls-context").start(() -> {
                        try {
                            building.complete(BackendTlsContext.unverified());
                        } catch (Throwable e) {
                            // Every TLS connect then fails with this cause (a 502), rather than waiting forever.
                            building.completeExceptionally(e);
                        }
                    });
                    backendTls = building;
                    context = building;
                }
            }
        }
        return context;
    }

    /**
     * What one event loop uses for backend connections: its pools of idle ones (plain and TLS apart) and the ways it
     * opens new ones.
     */
    static final class LoopResources {

        private final ConnectionPool<BackendHandler> pool;
        private final Dialer dialer;
        private final ConnectionPool<BackendHandler> tlsPool;
        private final Duration handshakeTimeout;
        private final Supplier<CompletableFuture<SslContext>> tlsContext;
        private final TransparentDialer transparent;
        private TlsDialer tlsDialer;
        /** Routes' meters, by route identity, valid for the snapshot {@link #metersOf}. */
        private final IdentityHashMap<Route, DestinationMeters> meters = new IdentityHashMap<>();
        private Snapshot metersOf;

        LoopResources(ConnectionPool<BackendHandler> pool, Dialer dialer, ConnectionPool<BackendHandler> tlsPool,
                      Duration handshakeTimeout, Supplier<CompletableFuture<SslContext>> tlsContext,
                      TransparentDialer transparent) {
            this.transparent = transparent;
            this.pool = pool;
            this.dialer = dialer;
            this.tlsPool = tlsPool;
            this.handshakeTimeout = handshakeTimeout;
            this.tlsContext = tlsContext;
        }

        /** The pool for a route: TLS backends have their own. */
        ConnectionPool<BackendHandler> pool(BackendTls tls) {
            return tls.encrypted() ? tlsPool : pool;
        }

        /**
         * Opens connections for a route to {@code host}: plain, or TLS with {@code host} as the server name, after
         * {@code beforeHandshake} (a PROXY header; null for none) wrote in clear.
         */
        Dialer dialer(BackendTls tls, String host, Consumer<Channel> beforeHandshake) {
            if (!tls.encrypted()) {
                return dialer;
            }
            if (tlsDialer == null) {
                tlsDialer = new TlsDialer(dialer, tlsContext.get(), handshakeTimeout);
            }
            return tlsDialer.to(host, beforeHandshake);
        }

        /**
         * Opens connections for a {@code transparent} route whose source is {@code client}'s address (its port too
         * with {@code transparentPort}); made per request, as each carries one client's address.
         */
        Dialer transparentDialer(BackendTls tls, String host, Consumer<Channel> beforeHandshake,
                                 InetSocketAddress client, Transparency transparency) {
            Dialer plain = transparent.from(client, transparency == Transparency.CLIENT_IP_AND_PORT);
            if (!tls.encrypted()) {
                return plain;
            }
            return new TlsDialer(plain, tlsContext.get(), handshakeTimeout).to(host, beforeHandshake);
        }
    }
}
