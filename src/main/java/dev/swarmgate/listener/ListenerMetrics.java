package dev.swarmgate.listener;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * DFSL's two metrics in Prometheus text format, with its names and labels so existing dashboards and alerts keep
 * working: {@code docker_flow_error{service="swarm_listener",operation=...}} counts failures (a notification that
 * ran out of retries, a get-services that could not ask Docker), {@code docker_flow_service_count} is the number of
 * services the listener notifies about. Written by hand: Prometheus clients of today would add {@code _total} to the
 * counter's name, which DFSL's did not.
 */
public final class ListenerMetrics {

    static final String SERVICE = "swarm_listener";

    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final AtomicLong services = new AtomicLong();

    void error(String operation) {
        errors.computeIfAbsent(operation, o -> new LongAdder()).increment();
    }

    void serviceCount(long count) {
        services.set(count);
    }

    long errors(String operation) {
        LongAdder count = errors.get(operation);
        return count == null ? 0 : count.sum();
    }

    /** Text exposition format 0.0.4; the error family appears once there is an error, as a Go CounterVec does. */
    String scrape() {
        StringBuilder out = new StringBuilder();
        Map<String, LongAdder> sorted = new TreeMap<>(errors);
        if (!sorted.isEmpty()) {
            out.append("# HELP docker_flow_error Error counter\n# TYPE docker_flow_error counter\n");
            sorted.forEach((operation, count) -> out.append("docker_flow_error{operation=\"").append(operation)
                    .append("\",service=\"").append(SERVICE).append("\"} ").append(count.sum()).append('\n'));
        }
        out.append("# HELP docker_flow_service_count Service counter\n# TYPE docker_flow_service_count gauge\n")
                .append("docker_flow_service_count{service=\"").append(SERVICE).append("\"} ").append(services.get())
                .append('\n');
        return out.toString();
    }
}
