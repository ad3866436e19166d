package dev.swarmgate.routing;

import dev.swarmgate.config.Destination;
import dev.swarmgate.config.ReqMode;
import dev.swarmgate.config.ServerNameMatch;
import dev.swarmgate.config.ServiceSpec;
import dev.swarmgate.config.Settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.PatternSyntaxException;

/**
 * One {@link SniTable} per {@code reqMode=sni} srcPort: every sni destination on the port, in rule order, each with
 * its server names (Docker Flow Proxy's {@code frontend service_<srcPort>} with one {@code acl sni_...} and
 * {@code use_backend} per destination). The admin API refuses a port that is also an HTTP listener or a plain tcp
 * srcPort (409); when services from other sources still collide there, the HTTP listener or the tcp service keeps
 * the port (a plain tcp port has no server name to share it by) and the sni destinations are logged and skipped.
 */
final class SniTables {

    private static final System.Logger LOG = System.getLogger(SniTables.class.getName());

    private SniTables() {
    }

    /**
     * @param services  in rule order
     * @param httpPorts ports that serve HTTP
     * @param tcpPorts  ports relayed by plain {@code reqMode=tcp} routes
     */
    static Map<Integer, SniTable> compile(List<ServiceSpec> services, Settings settings, Set<Integer> httpPorts,
                                          Set<Integer> tcpPorts) {
        Map<Integer, List<SniTable.Entry>> entries = new TreeMap<>();
        for (ServiceSpec service : services) {
            for (Destination destination : service.destinations()) {
                if (destination.reqMode() != ReqMode.SNI || destination.srcPort() == 0) {
                    continue;
                }
                int port = destination.srcPort();
                if (httpPorts.contains(port) || tcpPorts.contains(port)) {
                    LOG.log(System.Logger.Level.WARNING, "serviceName {0}: sni srcPort {1} skipped, the port is"
                            + " already {2}", service.name(), String.valueOf(port),
                            httpPorts.contains(port) ? "an HTTP listener" : "relayed by a reqMode=tcp service");
                    continue;
                }
                SniTable.Entry entry = entry(service, destination, settings);
                if (entry != null) {
                    entries.computeIfAbsent(port, p -> new ArrayList<>()).add(entry);
                }
            }
        }
        Map<Integer, SniTable> tables = new TreeMap<>();
        entries.forEach((port, routes) -> {
            Duration client = routes.getFirst().route().timeoutClient();
            Duration wait = client.compareTo(SniTable.INSPECT_DELAY) < 0 ? client : SniTable.INSPECT_DELAY;
            tables.put(port, new SniTable(port, routes, wait));
        });
        return tables;
    }

    /** Null when the destination cannot be compiled; the rest of the port still serves. */
    private static SniTable.Entry entry(ServiceSpec service, Destination destination, Settings settings) {
        ServerNameMatch names = destination.tcp().serverName().orElse(null);
        if (names == null) {
            LOG.log(System.Logger.Level.WARNING, "serviceName {0}: sni destination {1} skipped, it names no server"
                    + " name (servicePath)", service.name(), String.valueOf(destination.index()));
            return null;
        }
        try {
            return new SniTable.Entry(ServerNameMatcher.of(names), TcpRoutes.single(service, destination, settings));
        } catch (PatternSyntaxException e) {
            LOG.log(System.Logger.Level.WARNING, "serviceName {0}: sni destination {1} skipped, servicePath needs a"
                    + " valid Java regex with -m reg ({2})", service.name(), String.valueOf(destination.index()),
                    e.getMessage());
            return null;
        }
    }
}
