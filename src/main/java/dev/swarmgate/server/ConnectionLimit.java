package dev.swarmgate.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The proxy-wide cap on open client connections ({@code MAXCONN}), shared by every listener and event loop. A
 * connection over the cap is refused at once rather than left to exhaust memory or file descriptors; refusals are
 * logged at most once a minute, with their count, so an overload cannot flood the log either.
 */
final class ConnectionLimit {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimit.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final IntSupplier max;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refusedSinceLog = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    /** @param max the current cap (read on every accept, from the snapshot) */
    ConnectionLimit(IntSupplier max) {
        this.max = max;
    }

    /** Counts a new connection in, or refuses it (false) when the cap is reached; {@link #release} undoes it. */
    boolean tryAcquire() {
        int limit = max.getAsInt();
        while (true) {
            int now = open.get();
            if (now >= limit) {
                refused(limit);
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void release() {
        open.decrementAndGet();
    }

    int open() {
        return open.get();
    }

    private void refused(int limit) {
        long refused = refusedSinceLog.incrementAndGet();
        long last = lastLog.get();
        long now = System.nanoTime();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            refusedSinceLog.addAndGet(-refused);
            LOG.warn("MAXCONN={} client connections are open: refused {} new connection(s) since the last report;"
                    + " raise MAXCONN (and the file descriptor limit) if the load is expected", limit, refused);
        }
    }
}
