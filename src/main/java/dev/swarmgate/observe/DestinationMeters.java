package dev.swarmgate.observe;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP counters of one service destination, held by the data plane and recorded into on the event loops:
 * LongAdders the registered meters read at scrape time, and two fixed-bucket timers. One lookup per request finds
 * it; recording then allocates nothing.
 */
public final class DestinationMeters {

    /** Latency histogram buckets: fixed, so a scrape is the same size whatever the traffic. */
    static final Duration[] BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30)};

    private static final int FIRST_ERROR = 400;
    private static final String[] CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private final String service;
    private final String destination;
    private final Tags tags;
    private final LongAdder[] byClass = new LongAdder[CLASSES.length];
    /** 400 to 599, each made at its first use: most services see a handful of error codes. */
    private final AtomicReferenceArray<LongAdder> errors = new AtomicReferenceArray<>(200);
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder active = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final Timer total;
    private final Timer backend;
    private final List<Meter> meters = new ArrayList<>();
    /** Set when the destination left the configuration: the loops' caches then look up a fresh one. */
    private volatile boolean retired;
    /** Error codes whose counter is registered (touched by the scraping thread only). */
    private final boolean[] errorRegistered = new boolean[200];

    DestinationMeters(MeterRegistry registry, String service, String destination) {
        this.service = service;
        this.destination = destination;
        this.tags = Tags.of("service", service, "destination", destination);
        for (int i = 0; i < CLASSES.length; i++) {
            byClass[i] = new LongAdder();
            meters.add(FunctionCounter.builder("swarmgate.http.requests", byClass[i], LongAdder::sum)
                    .description("requests answered, by status class (backend or proxy answers)")
                    .tags(tags.and("class", CLASSES[i])).register(registry));
        }
        meters.add(FunctionCounter.builder("swarmgate.http.bytes", bytesIn, LongAdder::sum)
                .description("body bytes from clients (rx) and to clients (tx)").tags(tags.and("direction", "rx"))
                .register(registry));
        meters.add(FunctionCounter.builder("swarmgate.http.bytes", bytesOut, LongAdder::sum)
                .description("body bytes from clients (rx) and to clients (tx)").tags(tags.and("direction", "tx"))
                .register(registry));
        meters.add(Gauge.builder("swarmgate.http.active.requests", active, LongAdder::sum)
                .description("requests in flight").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("swarmgate.http.retries", retries, LongAdder::sum)
                .description("requests sent again: to another endpoint after a failed connect, or after a backend"
                        + " closed without answering").tags(tags).register(registry));
        total = timer(registry, "swarmgate.http.request.duration",
                "from the request head to the end of the answer");
        backend = timer(registry, "swarmgate.http.backend.duration",
                "from sending the request to the backend to its response head");
        meters.add(total);
        meters.add(backend);
    }

    private Timer timer(MeterRegistry registry, String name, String description) {
        return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(BUCKETS)
                .publishPercentileHistogram(false).register(registry);
    }

    String service() {
        return service;
    }

    /** The destination's DFP backend name, made once (an access log line names it without building it again). */
    public String destination() {
        return destination;
    }

    /** A request of this destination started. */
    public void started() {
        active.increment();
    }

    /**
     * The request ended with {@code status} (0 when the client got no status: aborted, or turned into a tunnel).
     *
     * @param backendNanos time to the backend's response head, or a negative value when no backend answered
     */
    public void finished(int status, long bodyIn, long bodyOut, long totalNanos, long backendNanos, int retried) {
        active.decrement();
        if (status >= 100 && status < 600) {
            byClass[status / 100 - 1].increment();
            if (status >= FIRST_ERROR) {
                errorCounter(status - FIRST_ERROR).increment();
            }
        }
        if (bodyIn > 0) {
            bytesIn.add(bodyIn);
        }
        if (bodyOut > 0) {
            bytesOut.add(bodyOut);
        }
        if (retried > 0) {
            retries.add(retried);
        }
        total.record(totalNanos, TimeUnit.NANOSECONDS);
        if (backendNanos >= 0) {
            backend.record(backendNanos, TimeUnit.NANOSECONDS);
        }
    }

    private LongAdder errorCounter(int index) {
        LongAdder counter = errors.get(index);
        if (counter == null) {
            errors.compareAndSet(index, null, new LongAdder());
            counter = errors.get(index);
        }
        return counter;
    }

    /** Registers the counters of error codes seen since the last scrape (scraping thread). */
    void registerNewErrorCodes(MeterRegistry registry) {
        for (int i = 0; i < errorRegistered.length; i++) {
            LongAdder counter = errors.get(i);
            if (counter != null && !errorRegistered[i]) {
                errorRegistered[i] = true;
                meters.add(FunctionCounter.builder("swarmgate.http.errors", counter, LongAdder::sum)
                        .description("requests answered 4xx or 5xx, by status code")
                        .tags(tags.and("code", String.valueOf(FIRST_ERROR + i))).register(registry));
            }
        }
    }

    void removeFrom(MeterRegistry registry) {
        retired = true;
        meters.forEach(registry::remove);
    }

    /** Whether these meters left the registry (their destination was gone at a scrape): do not record into them. */
    public boolean retired() {
        return retired;
    }

    /** The running totals the last-minute view subtracts from each other. */
    Totals totals() {
        CountAtBucket[] buckets = total.takeSnapshot().histogramCounts();
        long[] counts = new long[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            counts[i] = (long) buckets[i].count();
        }
        long requests = 0;
        for (LongAdder adder : byClass) {
            requests += adder.sum();
        }
        return new Totals(requests, byClass[4].sum(), bytesIn.sum(), bytesOut.sum(), active.sum(), total.count(), counts);
    }

    /**
     * Cumulative counts at one moment.
     *
     * @param timed   requests timed (answered or not)
     * @param buckets timed requests at or under each of {@link #BUCKETS} (cumulative, as Prometheus buckets are)
     */
    record Totals(long requests, long serverErrors, long bytesIn, long bytesOut, long active, long timed,
                  long[] buckets) {

        static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, new long[BUCKETS.length]);

        Totals plus(Totals other) {
            long[] sum = new long[BUCKETS.length];
            for (int i = 0; i < sum.length; i++) {
                sum[i] = (i < buckets.length ? buckets[i] : 0) + (i < other.buckets.length ? other.buckets[i] : 0);
            }
            return new Totals(requests + other.requests, serverErrors + other.serverErrors, bytesIn + other.bytesIn,
                    bytesOut + other.bytesOut, active + other.active, timed + other.timed, sum);
        }
    }
}
