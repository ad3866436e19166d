package dev.swarmgate.routing;

import dev.swarmgate.config.BackendTarget;
import dev.swarmgate.config.Limits;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.Timeouts;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The immutable view the data plane reads: one route table per HTTP listener port, one TCP route per
 * {@code reqMode=tcp} srcPort, one server-name table per {@code reqMode=sni} srcPort, the listeners to bind (HTTP and
 * TCP), the backend targets in use, the timeouts and the limits. A configuration change produces a new snapshot;
 * connections keep the one they started with.
 */
public record Snapshot(long version, Map<Integer, RouteTable> tables, List<ListenerSpec> listeners,
                       Set<BackendTarget> targets, Timeouts timeouts, Map<Integer, TcpRoute> tcpRoutes,
                       Limits limits, Map<Integer, SniTable> sniTables) {

    public Snapshot {
        tables = Map.copyOf(tables);
        tcpRoutes = Map.copyOf(tcpRoutes);
        listeners = List.copyOf(listeners);
        targets = Set.copyOf(targets);
        sniTables = Map.copyOf(sniTables);
    }

    /** A snapshot without sni ports. */
    public Snapshot(long version, Map<Integer, RouteTable> tables, List<ListenerSpec> listeners,
                    Set<BackendTarget> targets, Timeouts timeouts, Map<Integer, TcpRoute> tcpRoutes, Limits limits) {
        this(version, tables, listeners, targets, timeouts, tcpRoutes, limits, Map.of());
    }

    /** A snapshot with the default limits. */
    public Snapshot(long version, Map<Integer, RouteTable> tables, List<ListenerSpec> listeners,
                    Set<BackendTarget> targets, Timeouts timeouts, Map<Integer, TcpRoute> tcpRoutes) {
        this(version, tables, listeners, targets, timeouts, tcpRoutes, Limits.defaults());
    }

    /** A snapshot without TCP routes. */
    public Snapshot(long version, Map<Integer, RouteTable> tables, List<ListenerSpec> listeners,
                    Set<BackendTarget> targets, Timeouts timeouts) {
        this(version, tables, listeners, targets, timeouts, Map.of());
    }

    /** The TCP route of a srcPort, null when the port relays nothing (any more). */
    public TcpRoute tcpRoute(int port) {
        return tcpRoutes.get(port);
    }

    /** The server-name table of an sni srcPort, null when the port passes no TLS through by name (any more). */
    public SniTable sniTable(int port) {
        return sniTables.get(port);
    }

    /** The table for a listener port; a port without HTTP routes gets an empty table (every request is a 503). */
    public RouteTable table(int port) {
        RouteTable table = tables.get(port);
        return table != null ? table : RouteTable.EMPTY;
    }
}
