package dev.swarmgate.store;

import dev.swarmgate.config.GatewayConfig;

/** One published state of the store: the configuration and its version (strictly increasing per publication). */
public record PublishedConfig(long version, GatewayConfig config) {
}
