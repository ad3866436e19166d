package dev.swarmgate.observe;

import java.util.Map;

/** Per-service traffic over the last minute, read by the stats page. */
@FunctionalInterface
public interface TrafficView {

    /** For a proxy that records no traffic. */
    TrafficView NONE = Map::of;

    /** Keyed by service name; a service with no traffic yet may be absent. */
    Map<String, ServiceTraffic> lastMinute();
}
