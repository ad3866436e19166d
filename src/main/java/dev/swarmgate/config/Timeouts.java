package dev.swarmgate.config;

import java.time.Duration;

/**
 * Proxy-wide timeouts (DFP's {@code TIMEOUT_*} variables).
 *
 * @param connect       opening a backend connection
 * @param client        client inactivity while a request or response is under way
 * @param server        backend inactivity (waiting for or reading the response)
 * @param queue         accepted for compatibility; no request queue exists
 * @param tunnel        inactivity of upgraded (tunnelled) connections
 * @param httpRequest   a complete request head must arrive within this, else 408
 * @param httpKeepAlive idle time allowed between two requests on a client connection
 */
public record Timeouts(Duration connect, Duration client, Duration server, Duration queue, Duration tunnel,
                       Duration httpRequest, Duration httpKeepAlive) {

    /** Docker Flow Proxy's image defaults. */
    public static Timeouts dfpDefaults() {
        return new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(20),
                Duration.ofSeconds(30), Duration.ofSeconds(3600), Duration.ofSeconds(5), Duration.ofSeconds(15));
    }
}
