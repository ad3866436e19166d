package dev.swarmgate.config;

import java.time.Duration;

/**
 * Proxy-wide limits that keep too many, or too slow, clients from exhausting the proxy and its backends.
 *
 * @param maxConnections client connections open at once over every listener ({@code MAXCONN}); a connection
 *                       beyond it is answered 503 (HTTP) or closed (TCP) at once
 * @param bodyMinRate    bytes per second a request body must average once {@code bodyRateGrace} has passed
 *                       ({@code HTTP_BODY_MIN_RATE}); 0 switches the check off
 * @param bodyRateGrace  how long a request body may take before its rate is checked
 *                       ({@code HTTP_BODY_MIN_RATE_GRACE})
 */
public record Limits(int maxConnections, int bodyMinRate, Duration bodyRateGrace) {

    public static final int DEFAULT_MAX_CONNECTIONS = 20_000;
    public static final int DEFAULT_BODY_MIN_RATE = 256;
    public static final Duration DEFAULT_BODY_RATE_GRACE = Duration.ofSeconds(10);

    public Limits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
        }
        if (bodyMinRate < 0) {
            throw new IllegalArgumentException("bodyMinRate must be 0 (off) or more, got " + bodyMinRate);
        }
    }

    public static Limits defaults() {
        return new Limits(DEFAULT_MAX_CONNECTIONS, DEFAULT_BODY_MIN_RATE, DEFAULT_BODY_RATE_GRACE);
    }

    /**
     * The moment a request body that started at {@code startNanos} and has delivered {@code bytes} so far falls
     * below the minimum rate: the grace period, or as long as its bytes pay for at the minimum rate if longer.
     * {@link Long#MAX_VALUE} when the check is off.
     */
    public long bodyDeadlineNanos(long startNanos, long bytes) {
        if (bodyMinRate == 0) {
            return Long.MAX_VALUE;
        }
        long earned = bytes >= Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE / 2
                : bytes * 1_000_000_000L / bodyMinRate;
        return startNanos + Math.max(bodyRateGrace.toNanos(), earned);
    }
}
