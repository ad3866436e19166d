package dev.swarmgate.config;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Everything the gateway serves at one moment: the settings and the accepted services, keyed by service name. */
public record GatewayConfig(Settings settings, SortedMap<String, ServiceSpec> services) {

    public GatewayConfig {
        services = Collections.unmodifiableSortedMap(new TreeMap<>(services));
    }

    public static GatewayConfig of(Settings settings, Map<String, ServiceSpec> services) {
        return new GatewayConfig(settings, new TreeMap<>(services));
    }
}
