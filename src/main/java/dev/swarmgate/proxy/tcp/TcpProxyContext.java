package dev.swarmgate.proxy.tcp;

import dev.swarmgate.observe.AccessLog;
import dev.swarmgate.routing.Snapshot;
import dev.swarmgate.upstream.EndpointGroups;
import dev.swarmgate.upstream.OwnConnections;
import dev.swarmgate.upstream.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.FastThreadLocal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** What every TCP connection shares: the current snapshot, the endpoint groups, the transport and the counters. */
public final class TcpProxyContext {

    /** Per-direction buffering before reading from the other side pauses (64 KiB high, 32 KiB low). */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private final Supplier<Snapshot> snapshot;
    private final EndpointGroups endpointGroups;
    private final Transport transport;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong relayed = new AtomicLong();
    private final ConcurrentHashMap<Integer, TcpPortCounters> ports = new ConcurrentHashMap<>();
    private final FastThreadLocal<Bootstrap> bootstraps = new FastThreadLocal<>();
    private volatile boolean splice = true;
    private volatile AccessLog accessLog = AccessLog.OFF;

    public TcpProxyContext(Supplier<Snapshot> snapshot, EndpointGroups endpointGroups, Transport transport) {
        this.snapshot = snapshot;
        this.endpointGroups = endpointGroups;
        this.transport = transport;
    }

    Snapshot snapshot() {
        return snapshot.get();
    }

    EndpointGroups endpointGroups() {
        return endpointGroups;
    }

    Transport transport() {
        return transport;
    }

    /**
     * The calling event loop's bootstrap for backend connections (used only from that loop): connections start
     * with reading off until the tunnel is joined, and a FIN half-closes instead of closing.
     */
    Bootstrap bootstrap(EventLoop eventLoop, Duration connectTimeout) {
        Bootstrap bootstrap = bootstraps.get();
        if (bootstrap == null) {
            bootstrap = new Bootstrap()
                    .group(eventLoop)
                    .channel(transport.socketChannelClass())
                    // TCP_NODELAY: Netty sets it on every socket it creates (on Linux), so it is not set twice.
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .option(ChannelOption.AUTO_READ, false)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                    // TIMEOUT_CONNECT is read once at start, so the first connection's value holds for all.
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                            (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis())))
                    .handler(endpointGroups.ownConnections().recorder());
            bootstraps.set(bootstrap);
        }
        return bootstrap;
    }

    /**
     * Whether tunnels that can be spliced are ({@code TCP_SPLICE}, on by default): the kernel moves their bytes
     * (see {@link SplicedTunnel}); the others, and all of them when off, use the {@link ByteRelay}.
     */
    public void useSplice(boolean on) {
        splice = on;
    }

    boolean splice() {
        return splice;
    }

    /** Where each TCP session's line goes ({@link AccessLog#OFF} unless the proxy's settings turn it on). */
    public void accessLog(AccessLog log) {
        this.accessLog = log;
    }

    AccessLog accessLog() {
        return accessLog;
    }

    /** The proxy's own backend connections, to recognise one that came back to a listener of this proxy. */
    OwnConnections own() {
        return endpointGroups.ownConnections();
    }

    void countRefused() {
        refused.incrementAndGet();
    }

    void countRelayed() {
        relayed.incrementAndGet();
    }

    /** The counters of one listener port, created on its first connection. */
    TcpPortCounters port(int port) {
        TcpPortCounters counters = ports.get(port);
        return counters != null ? counters : ports.computeIfAbsent(port, p -> new TcpPortCounters());
    }

    /** Per listener port: the ports that had connections so far and their counters. */
    public Map<Integer, TcpPortCounters> portCounters() {
        return Map.copyOf(ports);
    }

    /** Client connections closed without a backend: no route, no endpoint, or every connect attempt failed. */
    public long refusedConnections() {
        return refused.get();
    }

    /** Client connections that were joined to a backend. */
    public long relayedConnections() {
        return relayed.get();
    }
}
