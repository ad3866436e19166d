package dev.swarmgate.routing;

import dev.swarmgate.config.BackendTarget;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.Timeouts;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The immutable view the data plane reads: one route table per listener port, the listeners to bind, the backend
 * targets in use and the timeouts. A configuration change produces a new snapshot; connections keep the one they
 * started with.
 */
public record Snapshot(long version, Map<Integer, RouteTable> tables, List<ListenerSpec> listeners,
                       Set<BackendTarget> targets, Timeouts timeouts) {

    public Snapshot {
        tables = Map.copyOf(tables);
        listeners = List.copyOf(listeners);
        targets = Set.copyOf(targets);
    }

    /** The table for a listener port; a port without HTTP routes gets an empty table (every request is a 503). */
    public RouteTable table(int port) {
        RouteTable table = tables.get(port);
        return table != null ? table : RouteTable.EMPTY;
    }
}
