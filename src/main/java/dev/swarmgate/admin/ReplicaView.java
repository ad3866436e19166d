package dev.swarmgate.admin;

import dev.swarmgate.sync.ListenerSync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stats page's replica view: when Swarm listeners feed this replica ({@code LISTENER_ADDRESS}), each listener
 * with the size, time and feed version of the last list applied from it, whether the first sync is done, and the
 * name under which the peer replicas are found ({@code tasks.<SERVICE_NAME>}).
 */
final class ReplicaView {

    private final ListenerSync listeners;
    private final String proxyServiceName;

    ReplicaView(ListenerSync listeners, String proxyServiceName) {
        this.listeners = listeners;
        this.proxyServiceName = proxyServiceName;
    }

    /** Empty when no listener feeds this replica. */
    Optional<Map<String, Object>> model() {
        if (listeners.listeners().isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("peers", "tasks." + proxyServiceName);
        view.put("initialSyncDone", listeners.initialSyncDone());
        List<Object> states = listeners.states().stream().<Object>map(state -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("listener", state.listener().toString());
            one.put("services", state.services());
            one.put("lastList", state.lastList().map(Object::toString).orElse(null));
            one.put("version", state.version().isPresent() ? state.version().getAsLong() : null);
            return one;
        }).toList();
        view.put("listeners", states);
        return Optional.of(view);
    }
}
