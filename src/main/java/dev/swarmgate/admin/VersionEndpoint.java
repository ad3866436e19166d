package dev.swarmgate.admin;

import dev.swarmgate.httpapi.ApiReply;
import dev.swarmgate.store.ConfigFingerprint;
import dev.swarmgate.store.ConfigStore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /v1/swarmgate/version}: what this replica serves, so replicas can be compared. {@code version} counts this
 * process's publications; {@code fingerprint} depends only on the services and is the same on every replica that
 * serves the same configuration.
 */
final class VersionEndpoint {

    static final String PATH = "/v1/swarmgate/version";

    private final ConfigStore store;

    VersionEndpoint(ConfigStore store) {
        this.store = store;
    }

    ApiReply reply() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", store.current().version());
        body.put("fingerprint", ConfigFingerprint.of(store.services()));
        body.put("services", store.services().size());
        return ApiReply.json(200, body);
    }
}
