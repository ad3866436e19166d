package dev.swarmgate.proxy.tcp;

import dev.swarmgate.routing.Snapshot;
import dev.swarmgate.upstream.EndpointGroups;
import dev.swarmgate.upstream.Transport;
import io.netty.channel.WriteBufferWaterMark;

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
