package dev.swarmgate.admin;

import dev.swarmgate.config.BackendTarget;
import dev.swarmgate.httpapi.ApiReply;
import dev.swarmgate.routing.Route;
import dev.swarmgate.routing.RouteTable;
import dev.swarmgate.routing.Snapshot;
import dev.swarmgate.routing.SniTable;
import dev.swarmgate.routing.TcpRoute;
import dev.swarmgate.upstream.Endpoint;
import dev.swarmgate.upstream.EndpointGroup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code /v1/swarmgate/endpoints}: per service, each backend it routes to and the addresses (tasks) behind it right
 * now, with their health: what the proxy would send a request to at this moment; and, when the proxy knows why a
 * service has no endpoint it can reach, that reason ({@code problem}) on each of its backends.
 */
final class EndpointsEndpoint {

    static final String PATH = "/v1/swarmgate/endpoints";

    private final Supplier<Snapshot> activeSnapshot;
    private final Function<BackendTarget, EndpointGroup> groups;
    private final Function<String, Optional<String>> problems;

    EndpointsEndpoint(Supplier<Snapshot> activeSnapshot, Function<BackendTarget, EndpointGroup> groups,
                      Function<String, Optional<String>> problems) {
        this.activeSnapshot = activeSnapshot;
        this.groups = groups;
        this.problems = problems;
    }

    ApiReply reply() {
        Snapshot snapshot = activeSnapshot.get();
        Map<String, TreeSet<String>> targetsByService = new TreeMap<>();
        Map<String, BackendTarget> targets = new LinkedHashMap<>();
        if (snapshot != null) {
            for (RouteTable table : snapshot.tables().values()) {
                List<Route> routes = new ArrayList<>(table.routes());
                if (table.defaultRoute() != null) {
                    routes.add(table.defaultRoute());
                }
                routes.forEach(route -> add(route.serviceName(), route.target(), targetsByService, targets));
            }
            for (TcpRoute route : snapshot.tcpRoutes().values()) {
                // A serviceGroup pool is listed under each of its services.
                List<String> services = route.groupMembers().isEmpty() ? List.of(route.serviceName())
                        : route.groupMembers();
                services.forEach(service -> add(service, route.target(), targetsByService, targets));
            }
            for (SniTable table : snapshot.sniTables().values()) {
                table.routes().forEach(entry -> add(entry.route().serviceName(), entry.route().target(),
                        targetsByService, targets));
            }
        }
        Map<String, Object> body = new TreeMap<>();
        targetsByService.forEach((service, keys) -> {
            Optional<String> problem = problems.apply(service);
            List<Object> backends = new ArrayList<>();
            for (String key : keys) {
                BackendTarget target = targets.get(key);
                List<Object> endpoints = new ArrayList<>();
                EndpointGroup group = groups.apply(target);
                for (Endpoint endpoint : group == null ? List.<Endpoint>of() : group.endpointList()) {
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put("address", endpoint.key());
                    one.put("healthy", endpoint.healthy());
                    endpoints.add(one);
                }
                Map<String, Object> backend = new LinkedHashMap<>();
                backend.put("backend", key);
                backend.put("discovery", target.discovery().name().toLowerCase(java.util.Locale.ROOT));
                backend.put("endpoints", endpoints);
                problem.ifPresent(reason -> backend.put("problem", reason));
                backends.add(backend);
            }
            body.put(service, backends);
        });
        return ApiReply.json(200, body);
    }

    private static void add(String service, BackendTarget target, Map<String, TreeSet<String>> byService,
                            Map<String, BackendTarget> targets) {
        String key = target.host() + ":" + target.port();
        byService.computeIfAbsent(service, s -> new TreeSet<>()).add(key);
        targets.putIfAbsent(key, target);
    }
}
