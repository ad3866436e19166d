package dev.swarmgate.server;

import org.slf4j.Logger;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * A WARN about events that can come by the thousand (refused connections): counted, and written at most once per
 * interval with the count since the last one, so an overload cannot flood the log as well.
 */
final class RateLimitedWarning {

    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Logger log;
    private final LongFunction<String> message;
    private final AtomicLong sinceReport = new AtomicLong();
    private final AtomicLong lastReport = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);

    /** @param message the line, given the number of events since the last report */
    RateLimitedWarning(Logger log, LongFunction<String> message) {
        this.log = log;
        this.message = message;
    }

    void record() {
        long count = sinceReport.incrementAndGet();
        long now = System.nanoTime();
        long last = lastReport.get();
        if (now - last >= INTERVAL_NANOS && lastReport.compareAndSet(last, now)) {
            sinceReport.addAndGet(-count);
            log.warn(message.apply(count));
        }
    }
}
