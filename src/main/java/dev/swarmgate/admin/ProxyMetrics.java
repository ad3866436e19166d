package dev.swarmgate.admin;

import dev.swarmgate.config.BackendTarget;
import dev.swarmgate.observe.AccessLog;
import dev.swarmgate.observe.TrafficMeters;
import dev.swarmgate.proxy.tcp.TcpPortCounters;
import dev.swarmgate.routing.Route;
import dev.swarmgate.routing.RouteTable;
import dev.swarmgate.routing.Snapshot;
import dev.swarmgate.routing.TcpRoute;
import dev.swarmgate.server.Gateway;
import dev.swarmgate.store.ConfigStore;
import dev.swarmgate.store.ReconfigureJournal;
import dev.swarmgate.store.Source;
import dev.swarmgate.upstream.Endpoint;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The proxy's metrics as Prometheus text ({@code GET /metrics}; names in docs/metrics.md): the data plane's
 * per-destination HTTP meters, and meters registered here that read, at scrape time, what the gateway, the store,
 * the reconfigure journal and the swarm watcher already count. Endpoints and TCP ports are (re)registered on each
 * scrape because re-resolution and reconfigures add and remove them; those that vanished leave the scrape.
 */
public final class ProxyMetrics {

    private final Gateway gateway;
    private final TrafficMeters traffic;
    private final MeterRegistry registry;
    /** Held here: Micrometer keeps only weak references to the objects its function meters read. */
    private final LongSupplier swarmWatchErrors;
    private final Map<String, List<Meter>> endpointMeters = new HashMap<>();
    private final Map<String, List<Meter>> portMeters = new HashMap<>();
    private final Set<Integer> listenerPorts = new HashSet<>();

    /**
     * @param swarmWatchErrors failed swarm event streams and listings so far (0 without swarm discovery)
     */
    public ProxyMetrics(Gateway gateway, ConfigStore store, ReconfigureJournal journal, LongSupplier swarmWatchErrors,
                        AccessLog accessLog) {
        this.gateway = gateway;
        this.traffic = gateway.traffic();
        this.registry = traffic.registry();
        this.swarmWatchErrors = swarmWatchErrors;
        Gauge.builder("swarmgate.config.version", store, s -> s.current().version())
                .description("version of the configuration the proxy serves (rises with every applied change)")
                .register(registry);
        for (Source source : Source.values()) {
            for (ReconfigureJournal.Outcome outcome : ReconfigureJournal.Outcome.values()) {
                FunctionCounter.builder("swarmgate.reconfigures", journal, j -> j.count(source, outcome))
                        .description("services reconfigured, by source (api, env, swarm, listener) and outcome")
                        .tags("source", source.name().toLowerCase(Locale.ROOT),
                                "outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .register(registry);
            }
        }
        Gauge.builder("swarmgate.config.last.change.timestamp", journal,
                        j -> j.lastEntry().map(at -> at.toEpochMilli() / 1000.0).orElse(Double.NaN))
                .description("when a reconfigure was last recorded, seconds since the epoch (NaN before any)")
                .baseUnit("seconds").register(registry);
        FunctionCounter.builder("swarmgate.swarm.watch.errors", this, metrics -> metrics.swarmWatchErrors.getAsLong())
                .description("failed swarm event streams, service listings and task listings").register(registry);
        FunctionCounter.builder("swarmgate.tls.handshakes", gateway, g -> g.tls().handshakes().succeededCount())
                .description("TLS handshakes on the listeners, by result").tags("result", "ok").register(registry);
        FunctionCounter.builder("swarmgate.tls.handshakes", gateway, g -> g.tls().handshakes().failedCount())
                .description("TLS handshakes on the listeners, by result").tags("result", "failed")
                .register(registry);
        FunctionCounter.builder("swarmgate.proxy.protocol.headers", gateway, g -> g.proxyHeaderCounters().accepted())
                .description("PROXY headers on accept-proxy listeners: read (accepted), from an untrusted peer or"
                        + " invalid (connection closed)").tags("result", "accepted").register(registry);
        FunctionCounter.builder("swarmgate.proxy.protocol.headers", gateway,
                        g -> g.proxyHeaderCounters().untrusted())
                .description("PROXY headers on accept-proxy listeners: read (accepted), from an untrusted peer or"
                        + " invalid (connection closed)").tags("result", "untrusted").register(registry);
        FunctionCounter.builder("swarmgate.proxy.protocol.headers", gateway, g -> g.proxyHeaderCounters().invalid())
                .description("PROXY headers on accept-proxy listeners: read (accepted), from an untrusted peer or"
                        + " invalid (connection closed)").tags("result", "invalid").register(registry);
        FunctionCounter.builder("swarmgate.access.log.lines", accessLog, AccessLog::written)
                .description("access log lines written").register(registry);
        FunctionCounter.builder("swarmgate.access.log.dropped", accessLog, AccessLog::dropped)
                .description("access log lines dropped because stdout was slower than the traffic")
                .register(registry);
    }

    /** Prometheus text exposition format 0.0.4. */
    public synchronized String scrape() {
        Snapshot snapshot = gateway.current();
        if (snapshot != null) {
            Map<String, Destination> destinations = destinations(snapshot);
            if (gateway.current() == snapshot) {
                // A newer snapshot may have destinations whose first requests made meters already: keep them.
                traffic.retainOnly(destinations.keySet());
            }
            endpoints(destinations);
            tcpPorts(snapshot);
        }
        listeners();
        return traffic.scrape();
    }

    /** A service destination of the snapshot and where it sends traffic. */
    private record Destination(String service, String name, BackendTarget target) {
    }

    private static Map<String, Destination> destinations(Snapshot snapshot) {
        Map<String, Destination> destinations = new LinkedHashMap<>();
        for (RouteTable table : snapshot.tables().values()) {
            for (Route route : table.routes()) {
                String name = route.backendName();
                destinations.putIfAbsent(name, new Destination(route.serviceName(), name, route.target()));
            }
        }
        for (TcpRoute route : tcpRoutes(snapshot)) {
            String name = route.backendName();
            destinations.putIfAbsent(name, new Destination(route.serviceName(), name, route.target()));
        }
        return destinations;
    }

    private static List<TcpRoute> tcpRoutes(Snapshot snapshot) {
        List<TcpRoute> routes = new ArrayList<>(snapshot.tcpRoutes().values());
        snapshot.sniTables().values().forEach(table -> table.routes().forEach(entry -> routes.add(entry.route())));
        return routes;
    }

    private void endpoints(Map<String, Destination> destinations) {
        Map<String, List<Meter>> seen = new HashMap<>();
        for (Destination destination : destinations.values()) {
            for (Endpoint endpoint : gateway.endpointGroup(destination.target()).endpointList()) {
                String id = destination.name() + "|" + endpoint.key() + "|" + System.identityHashCode(endpoint);
                if (seen.containsKey(id)) {
                    continue;
                }
                List<Meter> meters = endpointMeters.remove(id);
                seen.put(id, meters != null ? meters : endpoint(destination, endpoint));
            }
        }
        endpointMeters.values().forEach(gone -> gone.forEach(registry::remove));
        endpointMeters.clear();
        endpointMeters.putAll(seen);
    }

    private List<Meter> endpoint(Destination destination, Endpoint endpoint) {
        Tags tags = Tags.of("service", destination.service(), "destination", destination.name(),
                "endpoint", endpoint.key());
        List<Meter> meters = new ArrayList<>();
        meters.add(Gauge.builder("swarmgate.endpoint.up", endpoint, e -> e.healthy() && !e.ejected() ? 1 : 0)
                .description("1 when the endpoint is picked: healthy by active checks and not ejected")
                .tags(tags).register(registry));
        meters.add(Gauge.builder("swarmgate.endpoint.healthy", endpoint, e -> e.healthy() ? 1 : 0)
                .description("the active health checks' verdict (1 without checks)").tags(tags).register(registry));
        meters.add(Gauge.builder("swarmgate.endpoint.ejected", endpoint, e -> e.ejected() ? 1 : 0)
                .description("1 while passive detection keeps the endpoint out after consecutive connect failures")
                .tags(tags).register(registry));
        meters.add(FunctionCounter.builder("swarmgate.endpoint.ejections", endpoint, Endpoint::ejections)
                .description("times passive detection ejected the endpoint").tags(tags).register(registry));
        meters.add(Gauge.builder("swarmgate.endpoint.active", endpoint, Endpoint::outstanding)
                .description("requests (HTTP) or connections (TCP) in flight to the endpoint").tags(tags)
                .register(registry));
        return meters;
    }

    private void tcpPorts(Snapshot snapshot) {
        Map<Integer, String> services = new HashMap<>();
        snapshot.tcpRoutes().values().forEach(route -> services.put(route.port(), route.serviceName()));
        Map<String, List<Meter>> seen = new HashMap<>();
        gateway.tcp().portCounters().forEach((port, counters) -> {
            // An sni port serves several services: its counters are the port's, labelled with no one service.
            String id = port + "|" + services.getOrDefault(port, "") + "|" + System.identityHashCode(counters);
            List<Meter> meters = portMeters.remove(id);
            seen.put(id, meters != null ? meters : tcpPort(port, services.getOrDefault(port, ""), counters));
        });
        portMeters.values().forEach(gone -> gone.forEach(registry::remove));
        portMeters.clear();
        portMeters.putAll(seen);
    }

    private List<Meter> tcpPort(int port, String service, TcpPortCounters counters) {
        Tags tags = Tags.of("listener", String.valueOf(port), "service", service);
        List<Meter> meters = new ArrayList<>();
        meters.add(FunctionCounter.builder("swarmgate.tcp.connections", counters, TcpPortCounters::requests)
                .description("client connections accepted on a tcp srcPort").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("swarmgate.tcp.errors", counters, TcpPortCounters::errors)
                .description("client connections closed without a backend").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("swarmgate.tcp.bytes", counters, TcpPortCounters::bytesReceived)
                .description("bytes from (rx) and to (tx) clients").tags(tags.and("direction", "rx"))
                .register(registry));
        meters.add(FunctionCounter.builder("swarmgate.tcp.bytes", counters, TcpPortCounters::bytesSent)
                .description("bytes from (rx) and to (tx) clients").tags(tags.and("direction", "tx"))
                .register(registry));
        return meters;
    }

    /** Ports are few and their counts outlive rebinds: registered once each, never removed. */
    private void listeners() {
        gateway.acceptedConnections().keySet().forEach(port -> {
            if (listenerPorts.add(port)) {
                Tags tags = Tags.of("listener", String.valueOf(port));
                FunctionCounter.builder("swarmgate.listener.connections", gateway,
                                g -> g.acceptedConnections().getOrDefault(port, 0L))
                        .description("client connections accepted").tags(tags).register(registry);
                Gauge.builder("swarmgate.listener.open.connections", gateway,
                                g -> g.openConnectionsByPort().getOrDefault(port, 0))
                        .description("client connections open now").tags(tags).register(registry);
            }
        });
    }
}
