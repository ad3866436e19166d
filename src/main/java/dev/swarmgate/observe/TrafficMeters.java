package dev.swarmgate.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's Prometheus registry and the per-destination HTTP counters the data plane records into, and the
 * last-minute view of them the stats page reads ({@link TrafficView}). Destinations get their meters at their first
 * request, so label values are service and destination names only, bounded by the configuration.
 */
public final class TrafficMeters implements TrafficView, AutoCloseable {

    /** How often the last-minute view takes a sample, and how far back it looks. */
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<String, DestinationMeters> destinations = new ConcurrentHashMap<>();
    private final long createdNanos = System.nanoTime();
    /** Oldest first; started by the first {@link #lastMinute()}, so a proxy nobody watches samples nothing. */
    private final ArrayList<Sample> samples = new ArrayList<>();
    private ScheduledExecutorService sampler;

    private record Sample(long nanos, Map<String, DestinationMeters.Totals> byService) {
    }

    /** The registry every proxy meter is registered in (the admin side adds its scrape-time meters here). */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * The meters of a service destination ({@code destination} is its DFP backend name, e.g. {@code go-demo-be8080_0}),
     * made at its first request. Called once per request: one map lookup.
     */
    public DestinationMeters destination(String service, String destination) {
        DestinationMeters meters = destinations.get(destination);
        if (meters == null) {
            meters = destinations.computeIfAbsent(destination, name -> new DestinationMeters(registry, service, name));
        }
        return meters;
    }

    /**
     * Drops the meters of destinations no longer configured (their series leave the scrape; should they come back,
     * they count from zero, which Prometheus reads as a counter reset).
     */
    public void retainOnly(Set<String> configured) {
        destinations.entrySet().removeIf(entry -> {
            if (configured.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().removeFrom(registry);
            return true;
        });
    }

    /** Prometheus text exposition format 0.0.4 of every meter. */
    public String scrape() {
        synchronized (registry) {
            destinations.values().forEach(meters -> meters.registerNewErrorCodes(registry));
            return registry.scrape();
        }
    }

    @Override
    public Map<String, ServiceTraffic> lastMinute() {
        long now = System.nanoTime();
        Map<String, DestinationMeters.Totals> current = byService();
        Sample baseline;
        synchronized (samples) {
            baseline = samples.isEmpty() ? null : samples.getFirst();
            if (sampler == null) {
                sampler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                        .name("traffic-sampler").factory());
                sampler.scheduleAtFixedRate(this::sample, SAMPLE_EVERY.toMillis(), SAMPLE_EVERY.toMillis(),
                        TimeUnit.MILLISECONDS);
                samples.add(new Sample(now, current));
            }
        }
        long since = baseline == null ? createdNanos : baseline.nanos();
        double seconds = Math.max(1, (now - since) / 1e9);
        Map<String, ServiceTraffic> view = new HashMap<>();
        current.forEach((service, totals) -> {
            DestinationMeters.Totals before = baseline == null ? DestinationMeters.Totals.ZERO
                    : baseline.byService().getOrDefault(service, DestinationMeters.Totals.ZERO);
            view.put(service, traffic(service, totals, before, seconds));
        });
        return view;
    }

    private static ServiceTraffic traffic(String service, DestinationMeters.Totals now,
                                          DestinationMeters.Totals before, double seconds) {
        long requests = now.requests() - before.requests();
        long errors = now.serverErrors() - before.serverErrors();
        long[] window = new long[DestinationMeters.BUCKETS.length];
        for (int i = 0; i < window.length; i++) {
            window[i] = now.buckets()[i] - before.buckets()[i];
        }
        long timed = now.timed() - before.timed();
        return new ServiceTraffic(service, requests / seconds, requests == 0 ? 0 : (double) errors / requests,
                Percentiles.millis(window, timed, 0.50), Percentiles.millis(window, timed, 0.95),
                Percentiles.millis(window, timed, 0.99),
                now.active(), now.requests(), now.bytesIn(), now.bytesOut());
    }

    private void sample() {
        long now = System.nanoTime();
        Map<String, DestinationMeters.Totals> current = byService();
        synchronized (samples) {
            samples.addLast(new Sample(now, current));
            // The oldest kept is the newest at least a window old: the view covers a whole minute once it can.
            while (samples.size() > 2 && now - samples.get(1).nanos() >= WINDOW.toNanos()) {
                samples.removeFirst();
            }
        }
    }

    private Map<String, DestinationMeters.Totals> byService() {
        Map<String, DestinationMeters.Totals> byService = new HashMap<>();
        destinations.values().forEach(meters -> byService.merge(meters.service(), meters.totals(),
                DestinationMeters.Totals::plus));
        return byService;
    }

    @Override
    public void close() {
        synchronized (samples) {
            if (sampler != null) {
                sampler.shutdownNow();
            }
        }
        registry.close();
    }
}
