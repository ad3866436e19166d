package dev.swarmgate.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Active health checking of a destination's endpoints.
 *
 * @param enabled  whether endpoints are probed at all
 * @param httpPath probe with {@code GET <path>} (2xx/3xx is healthy) instead of a TCP connect
 * @param interval time between two probes of one endpoint
 * @param timeout  how long one probe may take
 * @param rise     consecutive successes that make an unhealthy endpoint healthy
 * @param fall     consecutive failures that make a healthy endpoint unhealthy
 */
public record HealthCheck(boolean enabled, Optional<String> httpPath, Duration interval, Duration timeout, int rise,
                          int fall) {

    private static final HealthCheck DEFAULTS =
            new HealthCheck(true, Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(2), 3, 3);

    /**
     * tcp-proxy's defaults: TCP connect every 5 s, 3 to rise, 3 to fall. One shared instance: the targets of a
     * configuration compare their health checks at every change, and the same object compares at once.
     */
    public static HealthCheck defaults() {
        return DEFAULTS;
    }
}
