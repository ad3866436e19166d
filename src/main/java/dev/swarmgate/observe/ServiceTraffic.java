package dev.swarmgate.observe;

/**
 * One service's traffic over the last minute, as the stats page shows it. Prometheus metrics are cumulative; this is
 * the windowed view a person reads.
 *
 * @param requestsPerSecond requests completed per second over the window
 * @param errorRatio        share of those answered 5xx (by the backend or by the proxy), 0 to 1
 * @param activeRequests    requests (or TCP sessions) in flight now
 */
public record ServiceTraffic(String service, double requestsPerSecond, double errorRatio, double p50Millis,
                             double p95Millis, double p99Millis, long activeRequests, long requestsTotal,
                             long bytesIn, long bytesOut) {
}
