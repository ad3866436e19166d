package dev.swarmgate.proxy.http;

import dev.swarmgate.routing.Snapshot;
import dev.swarmgate.upstream.ConnectionPool;
import dev.swarmgate.upstream.Dialer;
import dev.swarmgate.upstream.EndpointGroups;
import dev.swarmgate.upstream.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.util.concurrent.FastThreadLocal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * What every HTTP connection shares: the current snapshot, the endpoint groups, the error pages, and per event loop
 * a connection pool and a bootstrap for backend connections (used only from that loop, so without locks).
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

    public HttpProxyContext(Supplier<Snapshot> snapshots, EndpointGroups endpointGroups, ErrorPages errorPages,
                            Transport transport) {
        this(snapshots, endpointGroups, errorPages, transport, (loop, bootstrap) -> bootstrap::connect);
    }

    /**
     * @param dialers how an event loop opens backend connections, given the bootstrap it would use (tests hand out
     *                in-memory channels here)
     */
    HttpProxyContext(Supplier<Snapshot> snapshots, EndpointGroups endpointGroups, ErrorPages errorPages,
                     Transport transport, BiFunction<EventLoop, Bootstrap, Dialer> dialers) {
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
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                            (int) Math.min(Integer.MAX_VALUE, snapshot.timeouts().connect().toMillis()))
                    .option(ChannelOption.TCP_NODELAY, true)
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
            ConnectionPool<BackendHandler> pool = new ConnectionPool<>(idleNanos);
            pool.expireIdleEvery(eventLoop, Duration.ofNanos(Math.max(MIN_EXPIRY_PERIOD.toNanos(), idleNanos / 4)));
            resources = new LoopResources(pool, dialers.apply(eventLoop, bootstrap));
            loopResources.set(resources);
        }
        return resources;
    }

    /** What one event loop uses for backend connections: its pool of idle ones and the way it opens new ones. */
    record LoopResources(ConnectionPool<BackendHandler> pool, Dialer dialer) {
    }
}
