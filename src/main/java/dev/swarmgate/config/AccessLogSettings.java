package dev.swarmgate.config;

/**
 * Whether and how the proxy writes one line per HTTP request and TCP session on stdout ({@code ACCESS_LOG},
 * {@code ACCESS_LOG_ERRORS_ONLY}; DFP's {@code DEBUG} and {@code DEBUG_ERRORS_ONLY} map to them).
 *
 * @param errorsOnly only requests answered 5xx or cut short, and TCP sessions refused (DFP's {@code DEBUG_ERRORS_ONLY})
 * @param queue      lines waiting for stdout at most; more are dropped and counted
 */
public record AccessLogSettings(Format format, boolean errorsOnly, int queue) {

    public static final int DEFAULT_QUEUE = 16_384;
    public static final AccessLogSettings OFF = new AccessLogSettings(Format.OFF, false, DEFAULT_QUEUE);

    /** The line format. */
    public enum Format {
        /** No access log (the default). */
        OFF,
        /** One JSON object per line. */
        JSON,
        /** Apache's common log format with Swarmgate's fields appended. */
        COMMON
    }

    public AccessLogSettings {
        if (queue < 1) {
            throw new IllegalArgumentException("ACCESS_LOG_QUEUE must be at least 1 line (got " + queue + ")");
        }
    }

    public boolean enabled() {
        return format != Format.OFF;
    }
}
