package dev.swarmgate.admin;

import dev.swarmgate.proxy.tcp.TcpPortCounters;
import dev.swarmgate.routing.TcpRoute;
import dev.swarmgate.server.Gateway;
import dev.swarmgate.upstream.Endpoint;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The TCP listeners' counters as Prometheus text (names in docs/tcp-commands.md). Meters read the data plane's
 * LongAdders at scrape time, so counting costs the event loops nothing extra; backends are (re)registered on each
 * scrape because re-resolution adds and removes them, and the meters of a vanished backend are removed.
 */
public final class TcpMetrics {

    private final Gateway gateway;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, List<Meter>> backendMeters = new HashMap<>();

    public TcpMetrics(Gateway gateway) {
        this.gateway = gateway;
    }

    /** Prometheus text exposition format 0.0.4. */
    public synchronized String scrape() {
        gateway.tcp().portCounters().forEach(this::listener);
        Map<String, List<Meter>> seen = new HashMap<>();
        List<TcpRoute> routes = new ArrayList<>(gateway.current().tcpRoutes().values());
        gateway.current().sniTables().values().forEach(table -> table.routes()
                .forEach(entry -> routes.add(entry.route())));
        for (TcpRoute route : routes) {
            String listener = String.valueOf(route.port());
            for (Endpoint endpoint : gateway.endpointGroup(route.target()).endpointList()) {
                String id = listener + "|" + endpoint.key() + "|" + System.identityHashCode(endpoint);
                if (seen.containsKey(id)) {
                    continue; // two sni routes of one port to the same backend
                }
                List<Meter> meters = backendMeters.remove(id);
                seen.put(id, meters != null ? meters : backend(listener, endpoint));
            }
        }
        backendMeters.values().forEach(gone -> gone.forEach(registry::remove));
        backendMeters.clear();
        backendMeters.putAll(seen);
        return registry.scrape();
    }

    private void listener(int port, TcpPortCounters counters) {
        Tags listener = Tags.of("listener", String.valueOf(port));
        FunctionCounter.builder("swarmgate.tcp.connections", counters, TcpPortCounters::requests)
                .description("client connections accepted").tags(listener).register(registry);
        FunctionCounter.builder("swarmgate.tcp.errors", counters, TcpPortCounters::errors)
                .description("client connections closed without a backend").tags(listener).register(registry);
        FunctionCounter.builder("swarmgate.tcp.bytes", counters, TcpPortCounters::bytesReceived)
                .description("bytes from (rx) and to (tx) clients").tags(listener.and("direction", "rx"))
                .register(registry);
        FunctionCounter.builder("swarmgate.tcp.bytes", counters, TcpPortCounters::bytesSent)
                .description("bytes from (rx) and to (tx) clients").tags(listener.and("direction", "tx"))
                .register(registry);
    }

    private List<Meter> backend(String listener, Endpoint endpoint) {
        Tags tags = Tags.of("listener", listener, "backend", endpoint.key());
        List<Meter> meters = new ArrayList<>();
        meters.add(Gauge.builder("swarmgate.backend.active.connections", endpoint, Endpoint::outstanding)
                .description("connections open to the backend").tags(tags).register(registry));
        meters.add(Gauge.builder("swarmgate.backend.up", endpoint, e -> e.healthy() && !e.ejected() ? 1 : 0)
                .description("1 when the backend is picked: healthy and not ejected").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("swarmgate.backend.bytes", endpoint, Endpoint::bytesSent)
                .description("bytes to (tx) and from (rx) the backend").tags(tags.and("direction", "tx"))
                .register(registry));
        meters.add(FunctionCounter.builder("swarmgate.backend.bytes", endpoint, Endpoint::bytesReceived)
                .description("bytes to (tx) and from (rx) the backend").tags(tags.and("direction", "rx"))
                .register(registry));
        return meters;
    }
}
