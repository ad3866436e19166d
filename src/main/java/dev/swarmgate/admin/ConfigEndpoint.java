package dev.swarmgate.admin;

import dev.swarmgate.httpapi.ApiReply;
import dev.swarmgate.routing.Snapshot;
import dev.swarmgate.store.ConfigStore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * DFP's {@code /config}: {@code type=json} gives each service's parameters with credentials masked; anything else
 * gives the readable dump of the active configuration.
 */
final class ConfigEndpoint {

    static final String MASK = "***";

    private final ConfigStore store;
    private final Supplier<Snapshot> activeSnapshot;

    ConfigEndpoint(ConfigStore store, Supplier<Snapshot> activeSnapshot) {
        this.store = store;
        this.activeSnapshot = activeSnapshot;
    }

    ApiReply reply(Map<String, List<String>> parameters) {
        boolean json = QueryParameters.first(parameters, "type").map("json"::equalsIgnoreCase).orElse(false);
        if (json) {
            Map<String, Map<String, Object>> body = new TreeMap<>();
            store.services().forEach((name, service) -> body.put(name, masked(service.parameters())));
            return ApiReply.json(200, body);
        }
        return ApiReply.text(200, ConfigDump.render(activeSnapshot.get(), store.services()));
    }

    /**
     * Parameters as given, a single value as a string and repeated values as a list; values of parameters whose name
     * suggests a credential are replaced by {@value #MASK}.
     */
    static Map<String, Object> masked(Map<String, List<String>> parameters) {
        Map<String, Object> out = new LinkedHashMap<>();
        new TreeMap<>(parameters).forEach((name, values) -> {
            if (QueryParameters.isSensitive(name)) {
                out.put(name, MASK);
            } else {
                out.put(name, values.size() == 1 ? values.getFirst() : values);
            }
        });
        return out;
    }
}
