package dev.swarmgate.logging;

import org.slf4j.Logger;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * A WARN about events that can come by the thousand (refused connections, a backend port where nothing listens):
 * counted, and written at most once per interval with the count since the last one, so an overload cannot flood the
 * log as well.
 */
public final class RateLimitedWarning {

    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Logger log;
    private final LongFunction<String> message;
    private final AtomicLong sinceReport = new AtomicLong();
    private final AtomicLong lastReport = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);

    /** @param message the line, given the number of events since the last report */
    public RateLimitedWarning(Logger log, LongFunction<String> message) {
        this.log = log;
        this.message = message;
    }

    /** For events whose line depends on the event (its address, its cause): each {@link #record(LongFunction)} says. */
    public RateLimitedWarning(Logger log) {
        this(log, count -> "");
    }

    public void record() {
        record(message);
    }

    /** Counts an event; when a line is due, it is this event's, given the number of events since the last line. */
    public void record(LongFunction<String> line) {
        long count = sinceReport.incrementAndGet();
        long now = System.nanoTime();
        long last = lastReport.get();
        if (now - last >= INTERVAL_NANOS && lastReport.compareAndSet(last, now)) {
            sinceReport.addAndGet(-count);
            log.warn(line.apply(count));
        }
    }
}
