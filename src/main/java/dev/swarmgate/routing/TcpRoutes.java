package dev.swarmgate.routing;

import dev.swarmgate.config.BackendTarget;
import dev.swarmgate.config.Destination;
import dev.swarmgate.config.ReqMode;
import dev.swarmgate.config.ServiceSpec;
import dev.swarmgate.config.Settings;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One {@link TcpRoute} per {@code reqMode=tcp} srcPort. A port belongs to the first claimant in rule order; the
 * destinations that claim it too join it when they are in the same {@code serviceGroup} (HAProxy's
 * {@code listen tcpListen_<group>_<srcPort>}): their endpoints together are one pool, balanced with the first
 * member's algorithm and checked with its health settings, and the first member's timeouts, PROXY header, maxConn and
 * clitcpka apply to the port. A member that asks for other settings is logged, never half-applied. The admin API
 * refuses every other second claimant (409), but services from other sources (labels, environment, a state file
 * written by an older version) can still collide: then an HTTP listener keeps its port, otherwise the first claimant,
 * and the loser is logged.
 */
final class TcpRoutes {

    private static final System.Logger LOG = System.getLogger(TcpRoutes.class.getName());

    private TcpRoutes() {
    }

    private record Claim(ServiceSpec service, Destination destination) {
    }

    /** @param services in rule order */
    static Map<Integer, TcpRoute> compile(List<ServiceSpec> services, Settings settings, Set<Integer> httpPorts) {
        Map<Integer, List<Claim>> claims = new TreeMap<>();
        for (ServiceSpec service : services) {
            for (Destination destination : service.destinations()) {
                if (destination.reqMode() == ReqMode.TCP && destination.srcPort() != 0) {
                    claims.computeIfAbsent(destination.srcPort(), port -> new ArrayList<>())
                            .add(new Claim(service, destination));
                }
            }
        }
        Map<Integer, TcpRoute> routes = new TreeMap<>();
        claims.forEach((port, claimants) -> {
            if (httpPorts.contains(port)) {
                claimants.forEach(claim -> skipped(claim, "an HTTP listener"));
                return;
            }
            Claim owner = claimants.getFirst();
            List<Claim> members = new ArrayList<>();
            members.add(owner);
            for (Claim claim : claimants.subList(1, claimants.size())) {
                if (owner.destination().tcp().sharesPortWith(claim.destination().tcp())) {
                    members.add(claim);
                } else {
                    skipped(claim, "relayed for service " + owner.service().name()
                            + owner.destination().tcp().serviceGroup().map(group -> " (serviceGroup " + group + ")")
                            .orElse(""));
                }
            }
            routes.put(port, route(members, settings));
        });
        return routes;
    }

    /** The route of one destination relaying a port alone (also each entry of an sni port's {@link SniTable}). */
    static TcpRoute single(ServiceSpec service, Destination destination, Settings settings) {
        return route(List.of(new Claim(service, destination)), settings);
    }

    private static TcpRoute route(List<Claim> members, Settings settings) {
        Claim first = members.getFirst();
        ServiceSpec service = first.service();
        Destination destination = first.destination();
        BackendTarget target = Compiler.target(service, destination);
        List<String> names = List.of();
        if (members.size() > 1) {
            Set<BackendTarget> targets = new LinkedHashSet<>();
            Set<String> services = new LinkedHashSet<>();
            for (Claim member : members) {
                BackendTarget own = Compiler.target(member.service(), member.destination());
                targets.add(new BackendTarget(own.host(), own.port(), own.discovery(), target.balance(),
                        target.healthCheck()));
                services.add(member.service().name());
                warnIfDifferent(first, member);
            }
            names = List.copyOf(services);
            String group = destination.tcp().serviceGroup().orElseThrow();
            target = targets.size() == 1 ? target
                    : BackendTarget.pool(group + "@" + destination.srcPort(), List.copyOf(targets), target.balance(),
                            target.healthCheck());
        }
        return new TcpRoute(destination.srcPort(), service.name(), service.aclName(), destination.index(), target,
                settings.timeouts().connect(), destination.timeoutClient().orElse(settings.timeouts().client()),
                destination.timeoutTunnel().orElse(settings.timeouts().tunnel()), destination.sendProxy(),
                service.maxConnections(), destination.tcp().clientKeepAlive(), names, destination.transparency());
    }

    private static void warnIfDifferent(Claim first, Claim member) {
        Destination a = first.destination();
        Destination b = member.destination();
        List<String> differences = new ArrayList<>();
        if (a.balance() != b.balance()) {
            differences.add("balanceGroup/balance " + b.balance().parameterName() + " (the pool uses "
                    + a.balance().parameterName() + ")");
        }
        if (!a.healthCheck().equals(b.healthCheck())) {
            differences.add("checkTcp/healthCheck* settings");
        }
        if (a.tcp().clientKeepAlive() != b.tcp().clientKeepAlive()) {
            differences.add("clitcpka=" + b.tcp().clientKeepAlive() + " (the port uses " + a.tcp().clientKeepAlive()
                    + ")");
        }
        if (a.transparency() != b.transparency()) {
            differences.add(b.transparency().parameterText() + " (the port uses " + a.transparency().parameterText()
                    + ")");
        }
        if (!differences.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "serviceName {0}: tcp srcPort {1} is balanced with serviceGroup {2}"
                    + " as service {3} configured it first; its own {4} are not applied",
                    member.service().name(), String.valueOf(b.srcPort()), b.tcp().serviceGroup().orElse(""),
                    first.service().name(), String.join(", ", differences));
        }
    }

    private static void skipped(Claim claim, String owner) {
        LOG.log(System.Logger.Level.WARNING, "serviceName {0}: tcp srcPort {1} skipped, the port is already {2}",
                claim.service().name(), String.valueOf(claim.destination().srcPort()), owner);
    }
}
