package dev.swarmgate.config.dfp;

import dev.swarmgate.config.DurationText;

import java.time.Duration;
import java.util.Map;

/**
 * How {@code swarmgate proxy} hands its listening sockets to a successor and how it stops, read from the environment:
 * <ul>
 *   <li>{@code TAKE_OVER}: {@code true} (Go spelling) takes the listening sockets of the Swarmgate running with the same
 *       {@code STATE_DIR} instead of binding them (default {@code false}: a port in use is a start-up error);</li>
 *   <li>{@code DRAIN_TIMEOUT}: how long a stopping proxy (SIGTERM, or taken over) lets requests, TCP relays and
 *       WebSockets under way finish before it closes them (Go duration, default 8s: inside {@code docker stop}'s
 *       default grace of 10 s).</li>
 * </ul>
 */
public record HandOverSettings(boolean takeOver, Duration drainTimeout) {

    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(8);

    /** @throws IllegalArgumentException naming the variable and the accepted values */
    public static HandOverSettings read(Map<String, String> env) {
        return new HandOverSettings(takeOver(env.get("TAKE_OVER")), drainTimeout(env.get("DRAIN_TIMEOUT")));
    }

    private static boolean takeOver(String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        return GoBoolean.parse(text.strip()).orElseThrow(() -> new IllegalArgumentException("TAKE_OVER=" + text
                + " is not a boolean: use true (take the listening sockets of the running Swarmgate) or false (the"
                + " default)"));
    }

    private static Duration drainTimeout(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_DRAIN_TIMEOUT;
        }
        Duration timeout;
        try {
            timeout = DurationText.parseGo(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DRAIN_TIMEOUT=" + text + " is not a duration: use e.g. 8s or 500ms"
                    + " (the default is 8s)");
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("DRAIN_TIMEOUT=" + text + " is negative: use 0s (close at once) or"
                    + " more (the default is 8s)");
        }
        return timeout;
    }
}
