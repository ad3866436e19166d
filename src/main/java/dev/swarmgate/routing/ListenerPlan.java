package dev.swarmgate.routing;

import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.Settings;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which HTTP ports to listen on: {@code DEFAULT_PORTS} (always, even without services), {@code BIND_PORTS}, and
 * every HTTP {@code srcPort} nobody declared, opened as plain HTTP (an undeclared {@code srcHttpsPort} as {@code :ssl}).
 * Unlike DFP an undeclared srcPort is not an error.
 */
final class ListenerPlan {

    private ListenerPlan() {
    }

    /**
     * One listener per port, sorted by port; the first declaration of a port (default, then bind) keeps its flags.
     * An undeclared {@code srcHttpsPort} (the entry port of an {@code httpsPort} destination) is opened as
     * {@code :ssl}: the traffic it is named for arrives over TLS.
     */
    static List<ListenerSpec> plan(Settings settings, Collection<Integer> srcPorts,
                                   Collection<Integer> srcHttpsPorts) {
        Map<Integer, ListenerSpec> byPort = new TreeMap<>();
        for (ListenerSpec listener : settings.defaultPorts()) {
            byPort.putIfAbsent(listener.port(), listener);
        }
        for (ListenerSpec listener : settings.bindPorts()) {
            byPort.putIfAbsent(listener.port(), listener);
        }
        for (int port : srcHttpsPorts) {
            byPort.putIfAbsent(port, new ListenerSpec(port, true, false));
        }
        for (int port : srcPorts) {
            if (port != 0) {
                byPort.putIfAbsent(port, new ListenerSpec(port, false, false));
            }
        }
        return List.copyOf(byPort.values());
    }
}
