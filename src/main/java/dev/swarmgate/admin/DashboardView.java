package dev.swarmgate.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmgate.config.BackendTarget;
import dev.swarmgate.config.Destination;
import dev.swarmgate.config.HttpRule;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.RequestCondition;
import dev.swarmgate.observe.ServiceTraffic;
import dev.swarmgate.observe.TrafficView;
import dev.swarmgate.routing.Route;
import dev.swarmgate.routing.RouteTable;
import dev.swarmgate.routing.Snapshot;
import dev.swarmgate.routing.SniTable;
import dev.swarmgate.routing.TcpRoute;
import dev.swarmgate.store.ConfigFingerprint;
import dev.swarmgate.store.ConfigStore;
import dev.swarmgate.store.ReconfigureJournal;
import dev.swarmgate.store.StoredService;
import dev.swarmgate.upstream.Endpoint;
import dev.swarmgate.upstream.EndpointGroup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the stats page shows, as one JSON document (docs/dashboard.md describes its shape): the services with their
 * routes and endpoints, their traffic over the last minute, the listeners, the configuration's version and
 * fingerprint, the recent reconfigures and, when listeners feed this replica, what is known of them. Built off the
 * event loop; nothing in it is a credential (rules are named, never shown with their users).
 */
final class DashboardView {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConfigStore store;
    private final Supplier<Snapshot> activeSnapshot;
    private final Function<BackendTarget, EndpointGroup> groups;
    private final TrafficView traffic;
    private final ReconfigureJournal journal;
    private final Supplier<Optional<Map<String, Object>>> replicas;
    private final Function<String, Optional<String>> problems;

    /**
     * @param replicas what is known of the listeners feeding this replica, empty when none does
     * @param problems why a service has no endpoint it can reach, if the proxy knows ({@link SwarmView#problemOf})
     */
    DashboardView(ConfigStore store, Supplier<Snapshot> activeSnapshot, Function<BackendTarget, EndpointGroup> groups,
                  TrafficView traffic, ReconfigureJournal journal, Supplier<Optional<Map<String, Object>>> replicas,
                  Function<String, Optional<String>> problems) {
        this.store = store;
        this.activeSnapshot = activeSnapshot;
        this.groups = groups;
        this.traffic = traffic;
        this.journal = journal;
        this.replicas = replicas;
        this.problems = problems;
    }

    String json() {
        try {
            return JSON.writeValueAsString(model());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stats page's data cannot be serialised", e);
        }
    }

    Map<String, Object> model() {
        SortedMap<String, StoredService> services = store.services();
        Snapshot snapshot = activeSnapshot.get();
        Map<String, ServiceTraffic> lastMinute = traffic.lastMinute();
        Map<String, TreeMap<String, BackendTarget>> targets = targetsByService(snapshot);

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("generatedAt", Instant.now().toString());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("version", store.current().version());
        config.put("fingerprint", ConfigFingerprint.of(services));
        config.put("services", services.size());
        body.put("config", config);
        body.put("listeners", snapshot == null ? List.of() : snapshot.listeners().stream()
                .sorted((a, b) -> Integer.compare(a.port(), b.port())).map(DashboardView::listener).toList());
        List<Object> serviceList = new ArrayList<>();
        services.forEach((name, stored) -> serviceList.add(service(stored, lastMinute.get(name),
                targets.getOrDefault(name, new TreeMap<>()))));
        body.put("services", serviceList);
        body.put("reconfigures", journal.recent().stream().map(DashboardView::entry).toList());
        body.put("replicas", replicas.get().orElse(null));
        return body;
    }

    private Map<String, Object> service(StoredService stored, ServiceTraffic serviceTraffic,
                                        TreeMap<String, BackendTarget> targets) {
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("name", stored.name());
        service.put("source", stored.source().label());
        service.put("routes", stored.spec().destinations().stream().map(DashboardView::route).toList());
        List<Object> endpoints = new ArrayList<>();
        targets.forEach((key, target) -> {
            EndpointGroup group = groups.apply(target);
            for (Endpoint endpoint : group == null ? List.<Endpoint>of() : group.endpointList()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("backend", key);
                one.put("address", endpoint.key());
                one.put("healthy", endpoint.healthy());
                one.put("ejected", endpoint.ejected());
                one.put("inFlight", endpoint.outstanding());
                endpoints.add(one);
            }
        });
        service.put("backends", List.copyOf(targets.keySet()));
        service.put("endpoints", endpoints);
        problems.apply(stored.name()).ifPresent(problem -> service.put("problem", problem));
        service.put("traffic", serviceTraffic == null ? null : traffic(serviceTraffic));
        return service;
    }

    private static Map<String, Object> route(Destination destination) {
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("index", destination.index());
        route.put("reqMode", destination.reqMode().name().toLowerCase(Locale.ROOT));
        route.put("paths", destination.paths());
        route.put("pathType", destination.pathType().name().toLowerCase(Locale.ROOT));
        route.put("pathExcludes", destination.pathExcludes());
        route.put("domains", destination.domains());
        route.put("srcPort", destination.srcPort());
        route.put("port", destination.port());
        destination.outboundHostname().ifPresent(host -> route.put("outboundHostname", host));
        List<String> rules = new ArrayList<>();
        // Named only: a rule's record may hold credentials (basic authentication users).
        for (RequestCondition condition : destination.conditions()) {
            rules.add(condition.getClass().getSimpleName());
        }
        for (HttpRule rule : destination.rules()) {
            rules.add(rule.getClass().getSimpleName());
        }
        route.put("rules", rules);
        return route;
    }

    private static Map<String, Object> traffic(ServiceTraffic traffic) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("requestsPerSecond", traffic.requestsPerSecond());
        figures.put("errorRatio", traffic.errorRatio());
        figures.put("p50Millis", traffic.p50Millis());
        figures.put("p95Millis", traffic.p95Millis());
        figures.put("p99Millis", traffic.p99Millis());
        figures.put("activeRequests", traffic.activeRequests());
        figures.put("requestsTotal", traffic.requestsTotal());
        figures.put("bytesIn", traffic.bytesIn());
        figures.put("bytesOut", traffic.bytesOut());
        return figures;
    }

    private static Map<String, Object> listener(ListenerSpec spec) {
        Map<String, Object> listener = new LinkedHashMap<>();
        listener.put("port", spec.port());
        listener.put("protocol", spec.protocol().name().toLowerCase(Locale.ROOT));
        listener.put("ssl", spec.ssl());
        listener.put("acceptProxy", spec.acceptProxy());
        return listener;
    }

    private static Map<String, Object> entry(ReconfigureJournal.Entry entry) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("at", entry.at().toString());
        one.put("source", entry.source().label());
        one.put("service", entry.service());
        one.put("outcome", entry.outcome().name().toLowerCase(Locale.ROOT));
        one.put("message", entry.message());
        return one;
    }

    /** Every backend target each service routes to in the active snapshot, by {@code host:port}. */
    private static Map<String, TreeMap<String, BackendTarget>> targetsByService(Snapshot snapshot) {
        Map<String, TreeMap<String, BackendTarget>> byService = new TreeMap<>();
        if (snapshot == null) {
            return byService;
        }
        for (RouteTable table : snapshot.tables().values()) {
            List<Route> routes = new ArrayList<>(table.routes());
            if (table.defaultRoute() != null) {
                routes.add(table.defaultRoute());
            }
            routes.forEach(route -> add(byService, route.serviceName(), route.target()));
        }
        for (TcpRoute route : snapshot.tcpRoutes().values()) {
            List<String> names = route.groupMembers().isEmpty() ? List.of(route.serviceName()) : route.groupMembers();
            names.forEach(name -> add(byService, name, route.target()));
        }
        for (SniTable table : snapshot.sniTables().values()) {
            table.routes().forEach(entry -> add(byService, entry.route().serviceName(), entry.route().target()));
        }
        return byService;
    }

    private static void add(Map<String, TreeMap<String, BackendTarget>> byService, String service,
                            BackendTarget target) {
        byService.computeIfAbsent(service, s -> new TreeMap<>()).putIfAbsent(target.host() + ":" + target.port(),
                target);
    }
}
