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
 * {@code reqMode=tcp} srcPort, the listeners to bind (HTTP and TCP), the backend targets in use, the timeouts and the
 * limits. A configuration change produces a new snapshot; connections keep the one they started with.
 */
public record Snapshot(long version, Map<Integer, RouteTable> tables, List<ListenerSpec> listeners,
                       Set<BackendTarget> targets, Timeouts timeouts, Map<Integer, TcpRoute> tcpRoutes,
                       Limits limits) {

    public Snapshot {
        tables = Map.copyOf(tables);
        tcpRoutes = Map.copyOf(tcpRoutes);
        listeners = List.copyOf(listeners);
        targets = Set.copyOf(targets);
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

    /** The table for a listener port; a port without HTTP routes gets an empty table (every request is a 503). */
    public RouteTable table(int port) {
        RouteTable table = tables.get(port);
        return table != null ? table : RouteTable.EMPTY;
    }
}
