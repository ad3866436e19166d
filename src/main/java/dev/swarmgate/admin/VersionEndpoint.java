package dev.swarmgate.admin;

import dev.swarmgate.httpapi.ApiReply;
import dev.swarmgate.store.ConfigFingerprint;
import dev.swarmgate.store.ConfigStore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /v1/swarmgate/version}: what this replica serves, so replicas can be compared. {@code version} counts this
 * process's publications; {@code fingerprint} depends only on the services and is the same on every replica that
 * serves the same configuration. {@code listenerVersions}, for a replica fed by listeners' feeds, is the version of
 * each listener's list it applied.
 */
final class VersionEndpoint {

    static final String PATH = "/v1/swarmgate/version";

    private final ConfigStore store;
    private final Supplier<Map<String, Long>> listenerVersions;

    /** @param listenerVersions the feed version applied from each listener ({@code LISTENER_ADDRESS}) */
    VersionEndpoint(ConfigStore store, Supplier<Map<String, Long>> listenerVersions) {
        this.store = store;
        this.listenerVersions = listenerVersions;
    }

    ApiReply reply() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", store.current().version());
        body.put("fingerprint", ConfigFingerprint.of(store.services()));
        body.put("services", store.services().size());
        Map<String, Long> fromListeners = listenerVersions.get();
        if (!fromListeners.isEmpty()) {
            body.put("listenerVersions", new java.util.TreeMap<>(fromListeners));
        }
        return ApiReply.json(200, body);
    }
}
