package dev.swarmgate.config.dfp;

import dev.swarmgate.config.DurationText;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * How {@code swarmgate proxy} discovers swarm services by itself, read from the environment:
 * <ul>
 *   <li>{@code SWARM_DISCOVERY}: {@code auto} (default: on when the Docker endpoint is reachable as a file, i.e. the
 *       socket is mounted, or {@code DF_DOCKER_HOST}/{@code DOCKER_HOST} is set, and {@code LISTENER_ADDRESS} is
 *       not), {@code on} or {@code off};</li>
 *   <li>{@code DF_NOTIFY_LABEL}: the label that marks routed services (default {@code com.df.notify});</li>
 *   <li>{@code SWARM_TASK_INTERVAL}: how often the tasks of routed services are listed while the swarm changes (Go
 *       duration, default 250ms);</li>
 *   <li>{@code SWARM_TASK_IDLE_INTERVAL}: how often once nothing changed for {@link #QUIET_LISTINGS} listings in a
 *       row (Go duration, default 1s, at least {@code SWARM_TASK_INTERVAL});</li>
 *   <li>{@code DF_SERVICE_POLLING_INTERVAL}: seconds between service listings without events (the listener's
 *       variable; -1 or unset: every 30 s).</li>
 * </ul>
 */
public record DiscoverySettings(Mode mode, NotifyLabel notifyLabel, Duration taskInterval, Duration idleTaskInterval,
                                Duration relistInterval) {

    public enum Mode { AUTO, ON, OFF }

    public static final Duration DEFAULT_TASK_INTERVAL = Duration.ofMillis(250);
    public static final Duration DEFAULT_RELIST_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TASK_INTERVAL = Duration.ofSeconds(1);
    /** Task listings in a row that found nothing changed (and no service event meanwhile) before the idle interval. */
    public static final int QUIET_LISTINGS = 40;
    private static final Duration MIN_TASK_INTERVAL = Duration.ofMillis(50);

    /** Settings whose idle interval is the default, or the task interval when that is longer. */
    public DiscoverySettings(Mode mode, NotifyLabel notifyLabel, Duration taskInterval, Duration relistInterval) {
        this(mode, notifyLabel, taskInterval, max(taskInterval, DEFAULT_IDLE_TASK_INTERVAL), relistInterval);
    }

    /** @throws IllegalArgumentException naming the variable and the accepted values */
    public static DiscoverySettings read(Map<String, String> env) {
        Duration tasks = taskInterval(env.get("SWARM_TASK_INTERVAL"));
        return new DiscoverySettings(mode(env.get("SWARM_DISCOVERY")), NotifyLabel.parse(env.get("DF_NOTIFY_LABEL")),
                tasks, idleTaskInterval(env.get("SWARM_TASK_IDLE_INTERVAL"), tasks),
                relistInterval(env.get("DF_SERVICE_POLLING_INTERVAL")));
    }

    private static Duration idleTaskInterval(String text, Duration taskInterval) {
        if (text == null || text.isBlank()) {
            return max(taskInterval, DEFAULT_IDLE_TASK_INTERVAL);
        }
        Duration interval = goDuration("SWARM_TASK_IDLE_INTERVAL", text);
        if (interval.compareTo(taskInterval) < 0) {
            throw new IllegalArgumentException("SWARM_TASK_IDLE_INTERVAL=" + text + " is shorter than"
                    + " SWARM_TASK_INTERVAL (" + taskInterval.toMillis() + "ms): use that or more (the default is 1s;"
                    + " equal to SWARM_TASK_INTERVAL, the tasks are listed at one pace)");
        }
        return interval;
    }

    private static Duration goDuration(String variable, String text) {
        try {
            return DurationText.parseGo(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + ": " + e.getMessage());
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Mode mode(String text) {
        if (text == null || text.isBlank()) {
            return Mode.AUTO;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "auto" -> Mode.AUTO;
            case "on", "true", "1", "yes" -> Mode.ON;
            case "off", "false", "0", "no" -> Mode.OFF;
            default -> throw new IllegalArgumentException("SWARM_DISCOVERY=" + text + " is not valid: use auto (watch"
                    + " Docker when its socket is mounted), on, or off");
        };
    }

    private static Duration taskInterval(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_TASK_INTERVAL;
        }
        Duration interval = goDuration("SWARM_TASK_INTERVAL", text);
        if (interval.compareTo(MIN_TASK_INTERVAL) < 0) {
            throw new IllegalArgumentException("SWARM_TASK_INTERVAL=" + text + " is too short: use "
                    + MIN_TASK_INTERVAL.toMillis() + "ms or more (the default is 250ms)");
        }
        return interval;
    }

    private static Duration relistInterval(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_RELIST_INTERVAL;
        }
        long seconds;
        try {
            seconds = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("DF_SERVICE_POLLING_INTERVAL=" + text + " is not valid: use a whole"
                    + " number of seconds, or -1 for the default (30)");
        }
        return seconds > 0 ? Duration.ofSeconds(seconds) : DEFAULT_RELIST_INTERVAL;
    }
}
