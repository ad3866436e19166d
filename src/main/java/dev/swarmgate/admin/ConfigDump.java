package dev.swarmgate.admin;

import dev.swarmgate.config.ListenerProtocol;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.Timeouts;
import dev.swarmgate.routing.RouteTable;
import dev.swarmgate.routing.Snapshot;
import dev.swarmgate.routing.SniTable;
import dev.swarmgate.routing.TcpRoute;
import dev.swarmgate.store.StoredService;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The readable {@code /config} page: what the gateway serves right now (its current snapshot), not what was last
 * requested. Contains no parameter values, so nothing secret can leak through it.
 */
final class ConfigDump {

    private ConfigDump() {
    }

    static String render(Snapshot active, Map<String, StoredService> services) {
        StringBuilder out = new StringBuilder("# Swarmgate active configuration\n");
        if (active == null) {
            out.append("No configuration is active yet.\n");
        } else {
            out.append("version: ").append(active.version()).append('\n');
            out.append("listeners:\n");
            if (active.listeners().isEmpty()) {
                out.append("  (none)\n");
            }
            for (ListenerSpec listener : active.listeners()) {
                out.append("  ").append(listener.port()).append(flags(listener)).append('\n');
            }
            out.append("timeouts: ").append(timeouts(active.timeouts())).append('\n');
            for (int port : new TreeSet<>(active.tcpRoutes().keySet())) {
                out.append(tcp(active.tcpRoutes().get(port))).append('\n');
            }
            for (int port : new TreeSet<>(active.sniTables().keySet())) {
                SniTable table = active.sniTable(port);
                out.append("sni ").append(port).append(" (TLS passed through by server name, ClientHello within ")
                        .append(seconds(table.helloTimeout())).append("):\n");
                for (SniTable.Entry entry : table.routes()) {
                    out.append("  ").append(entry.serverNames()).append(" -> ").append(entry.route().target())
                            .append(" (service ").append(entry.route().serviceName()).append(", ")
                            .append(entry.route().backendName()).append(")\n");
                }
            }
            for (int port : new TreeSet<>(active.tables().keySet())) {
                out.append("routes on port ").append(port).append(":\n");
                for (String rule : rules(active.table(port))) {
                    out.append("  ").append(rule).append('\n');
                }
            }
        }
        out.append("services:\n");
        if (services.isEmpty()) {
            out.append("  (none)\n");
        }
        services.values().forEach(service -> out.append("  ").append(service.name())
                .append(" (").append(service.source()).append(")\n"));
        return out.toString();
    }

    /**
     * The one place that asks a route table to describe itself, so adapting to the routing package's dump method
     * is a one-line change.
     */
    static List<String> rules(RouteTable table) {
        String text = String.join("\n", table.describe());
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.stripTrailing());
            }
        }
        return lines.isEmpty() ? List.of("(no rules)") : lines;
    }

    /** {@code tcp <port> -> host:port} and who asked for it. */
    static String tcp(TcpRoute route) {
        String services = route.groupMembers().isEmpty() ? "service " + route.serviceName()
                : "services " + String.join(", ", route.groupMembers());
        return "tcp " + route.port() + " -> " + route.target() + " (" + services + ", "
                + route.backendName() + ", client=" + seconds(route.timeoutClient()) + " tunnel="
                + seconds(route.timeoutTunnel()) + (route.clientKeepAlive() ? " clitcpka" : "")
                + (route.transparency().on() ? " " + route.transparency().parameterText() : "") + ")";
    }

    private static String flags(ListenerSpec listener) {
        List<String> flags = new ArrayList<>();
        flags.add(listener.protocol() == ListenerProtocol.TCP ? "tcp" : listener.ssl() ? "ssl" : "http");
        if (listener.acceptProxy()) {
            flags.add("accept-proxy");
        }
        return " (" + String.join(", ", flags) + ")";
    }

    private static String timeouts(Timeouts t) {
        if (t == null) {
            return "(unknown)";
        }
        return "connect=" + seconds(t.connect()) + " client=" + seconds(t.client()) + " server=" + seconds(t.server())
                + " queue=" + seconds(t.queue()) + " tunnel=" + seconds(t.tunnel())
                + " http-request=" + seconds(t.httpRequest()) + " http-keep-alive=" + seconds(t.httpKeepAlive());
    }

    private static String seconds(Duration duration) {
        if (duration == null) {
            return "-";
        }
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
