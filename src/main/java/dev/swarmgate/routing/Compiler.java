package dev.swarmgate.routing;

import dev.swarmgate.config.BackendTarget;
import dev.swarmgate.config.Destination;
import dev.swarmgate.config.EndpointDiscovery;
import dev.swarmgate.config.GatewayConfig;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.ReqMode;
import dev.swarmgate.config.ServiceSpec;
import dev.swarmgate.config.Settings;
import dev.swarmgate.routing.rules.RulesCompiler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.PatternSyntaxException;

/**
 * Turns a {@link GatewayConfig} into the immutable {@link Snapshot} the data plane reads: HTTP rules in Docker Flow
 * Proxy order, one {@link RouteTable} per HTTP listener port, one {@link TcpRoute} per {@code reqMode=tcp} srcPort,
 * one {@link SniTable} per {@code reqMode=sni} srcPort, the listener plan and the backend targets in use.
 * Runs off the event loop; all parsing (regexes included) happens here so matching does none.
 */
public final class Compiler {

    private static final System.Logger LOG = System.getLogger(Compiler.class.getName());

    private Compiler() {
    }

    /** Compiles every service. */
    public static Snapshot compile(GatewayConfig config, long version) {
        return compile(config, version, new CompiledServices());
    }

    /**
     * Compiles the services {@code compiled} does not hold from the previous call (with the same settings) and takes
     * the others from it; {@code compiled} then holds this configuration's services.
     */
    public static Snapshot compile(GatewayConfig config, long version, CompiledServices compiled) {
        Settings settings = config.settings();
        List<ServiceSpec> services = RuleOrder.sort(config.services().values());

        CompiledServices.Round round = compiled.next(settings);
        List<Rule> rules = new ArrayList<>(services.size());
        List<PreRoutingRedirect> redirects = new ArrayList<>();
        Route defaultRoute = null;
        Function<ServiceSpec, ServiceRoutes> compile = service -> routes(service, settings);
        for (ServiceSpec service : services) {
            ServiceRoutes routes = round.routes(service, compile);
            redirects.addAll(routes.redirects());
            rules.addAll(routes.rules());
            if (defaultRoute == null) {
                defaultRoute = routes.defaultRoute();
            }
        }
        round.keep();

        Set<Integer> srcPorts = new TreeSet<>();
        Set<Integer> srcHttpsPorts = new TreeSet<>();
        Set<BackendTarget> targets = new HashSet<>();
        for (Rule rule : rules) {
            (rule.route().httpsEntry() ? srcHttpsPorts : srcPorts).add(rule.srcPort());
            targets.add(rule.route().target());
        }
        if (defaultRoute != null) {
            targets.add(defaultRoute.target());
        }
        List<ListenerSpec> httpListeners = ListenerPlan.plan(settings, srcPorts, srcHttpsPorts);
        Map<Integer, RouteTable> tables = new HashMap<>();
        Set<Integer> httpPorts = new HashSet<>();
        RouteTable sibling = null;
        for (ListenerSpec listener : httpListeners) {
            sibling = table(rules, redirects, listener.port(), defaultRoute, sibling);
            tables.put(listener.port(), sibling);
            httpPorts.add(listener.port());
        }
        Map<Integer, TcpRoute> tcpRoutes = TcpRoutes.compile(services, settings, httpPorts);
        List<ListenerSpec> listeners = new ArrayList<>(httpListeners);
        for (TcpRoute route : tcpRoutes.values()) {
            listeners.add(ListenerSpec.tcp(route.port()));
            targets.add(route.target());
        }
        Map<Integer, SniTable> sniTables = SniTables.compile(services, settings, httpPorts, tcpRoutes.keySet());
        for (SniTable table : sniTables.values()) {
            // An sni port is a TCP listener too; its connections are routed once their ClientHello is in.
            listeners.add(ListenerSpec.tcp(table.port()));
            table.routes().forEach(entry -> targets.add(entry.route().target()));
        }
        listeners.sort(Comparator.comparingInt(ListenerSpec::port));
        return new Snapshot(version, tables, listeners, targets, settings.timeouts(), tcpRoutes, settings.limits(),
                sniTables);
    }

    /** One service's redirects, rules and default-backend offer. */
    private static ServiceRoutes routes(ServiceSpec service, Settings settings) {
        List<Rule> rules = new ArrayList<>(service.destinations().size());
        Route defaultRoute = null;
        boolean firstHttp = true;
        for (Destination destination : service.destinations()) {
            if (destination.reqMode() != ReqMode.HTTP) {
                continue;
            }
            Route route = route(service, destination, settings);
            // As DFP's default_backend: the first destination's port backend, never an HTTPS entry.
            if (service.defaultBackend() && firstHttp && !destination.tls().httpsEntry()) {
                defaultRoute = route;
            }
            firstHttp = false;
            Rule rule = rule(service, destination, route);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return new ServiceRoutes(List.copyOf(PreRoutingRedirects.of(service)), List.copyOf(rules), defaultRoute);
    }

    /** Where a destination's traffic goes, with the balancing, discovery and health settings its group uses. */
    static BackendTarget target(ServiceSpec service, Destination destination) {
        // An outboundHostname is used as it is: it names no Swarm service, so it has no tasks.<name>.
        EndpointDiscovery discovery = destination.outboundHostname().isPresent()
                && destination.endpoints() == EndpointDiscovery.TASKS ? EndpointDiscovery.NAME : destination.endpoints();
        return new BackendTarget(destination.outboundHostname().orElse(service.name()), destination.port(), discovery,
                destination.balance(), destination.healthCheck());
    }

    private static RouteTable table(List<Rule> rules, List<PreRoutingRedirect> redirects, int port,
                                    Route defaultRoute, RouteTable sibling) {
        List<Rule> applicable = new ArrayList<>(rules.size());
        for (Rule rule : rules) {
            if (rule.appliesTo(port)) {
                applicable.add(rule);
            }
        }
        List<PreRoutingRedirect> applicableRedirects = new ArrayList<>();
        for (PreRoutingRedirect redirect : redirects) {
            if (redirect.appliesTo(port)) {
                applicableRedirects.add(redirect);
            }
        }
        return new RouteTable(applicable.toArray(Rule[]::new), defaultRoute,
                applicableRedirects.toArray(PreRoutingRedirect[]::new), sibling);
    }

    private static Route route(ServiceSpec service, Destination destination, Settings settings) {
        return new Route(service.name(), service.aclName(), destination.index(), target(service, destination),
                destination.timeoutServer().orElse(settings.timeouts().server()),
                destination.timeoutTunnel().orElse(settings.timeouts().tunnel()), destination.sendProxy(),
                service.stickySessions() ? service.name() : null, service.maxConnections(),
                RulesCompiler.compile(destination.rules(), settings.globalAuth()), destination.tls().httpsEntry(),
                destination.tls().backend(), destination.transparency());
    }

    /** Null when the destination cannot be compiled; the rest of the configuration still serves. */
    private static Rule rule(ServiceSpec service, Destination destination, Route route) {
        // The parser gives domain-only destinations the path "/"; an empty list would otherwise never match.
        List<String> paths = destination.paths().isEmpty() ? List.of("/") : destination.paths();
        try {
            PathMatcher excludes = destination.pathExcludes().isEmpty()
                    ? null : PathMatcher.of(destination.pathType(), destination.pathExcludes());
            HostMatcher hosts = destination.domains().isEmpty()
                    ? null : HostMatcher.of(destination.domainMatch(), destination.domains());
            return new Rule(destination.srcPort(), PathMatcher.of(destination.pathType(), paths), excludes, hosts,
                    HeaderConditions.of(destination.conditions()), route);
        } catch (PatternSyntaxException e) {
            LOG.log(System.Logger.Level.WARNING, "serviceName {0}: destination {1} skipped, pathType=path_reg needs "
                    + "a valid Java regex in servicePath and servicePathExclude ({2})",
                    service.name(), destination.index(), e.getMessage());
            return null;
        }
    }
}
