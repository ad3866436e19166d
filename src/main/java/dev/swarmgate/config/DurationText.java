package dev.swarmgate.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the tools we replace write them: Go's {@code time.ParseDuration} ({@code 3s}, {@code 500ms},
 * {@code 1m30s}, {@code 1.5h}) for tcp-proxy's flags, and HAProxy's ({@code 5m}, {@code 30s}, a bare number is
 * milliseconds) for swarm-tcp-proxy's {@code CONNECTION_TIMEOUT}.
 */
public final class DurationText {

    private static final Pattern GO_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Pattern HAPROXY = Pattern.compile("(\\d+)(us|ms|s|m|h|d)?");

    private DurationText() {
    }

    /** @throws IllegalArgumentException with the accepted form when the text is not a Go duration */
    public static Duration parseGo(String text) {
        String value = text.trim();
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        Matcher part = GO_PART.matcher(value);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < value.length()) {
            if (!part.find(at) || part.start() != at) {
                throw new IllegalArgumentException("'" + text + "' is not a duration: use a number and a unit "
                        + "(ns, us, ms, s, m, h), e.g. 3s, 500ms, 1m30s");
            }
            BigDecimal nanos = new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(goUnitNanos(part.group(2))));
            total = total.plusNanos(nanos.longValue());
            at = part.end();
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException("an empty duration: use e.g. 3s, 500ms, 1m30s");
        }
        return total;
    }

    /** @throws IllegalArgumentException with the accepted form when the text is not an HAProxy time */
    public static Duration parseHaproxy(String text) {
        Matcher matcher = HAPROXY.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: use a whole number with an "
                    + "optional unit (us, ms, s, m, h, d; none means ms), e.g. 5m, 30s");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
        return switch (unit) {
            case "us" -> Duration.ofNanos(amount * 1_000);
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private static long goUnitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
    }
}
