package dev.swarmgate.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Fetches one listener's service list over and over and hands every list to a {@link Receiver}. Before the first
 * success it retries every interval, forever or up to an attempt limit (DFP: forever with one listener,
 * {@code RELOAD_ATTEMPTS} each with several). After it, a pull stops unless {@code REPEAT_RELOAD} asks to keep
 * fetching every interval; a feed keeps its subscription open, since each fetch waits for a change.
 */
final class ListenerWatch implements Runnable {

    /** Takes each list fetched; a failure is counted like a failed fetch. */
    @FunctionalInterface
    interface Receiver {
        void receive(URI listener, ServiceSet set) throws InterruptedException;
    }

    /** A feed that answers faster than this with nothing new is not waiting as it should; pause before asking again. */
    static final Duration FEED_MIN_ROUND = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(ListenerWatch.class);

    private final URI listener;
    private final ServiceSetSource source;
    private final Receiver receiver;
    private final Duration interval;
    private final int maxAttempts;
    private final boolean repeat;

    /**
     * @param maxAttempts failed fetches before giving up when nothing was received yet; 0 retries forever
     * @param repeat      keep pulling every interval after the first success ({@code REPEAT_RELOAD})
     */
    ListenerWatch(URI listener, ServiceSetSource source, Receiver receiver, Duration interval, int maxAttempts,
                  boolean repeat) {
        this.listener = listener;
        this.source = source;
        this.receiver = receiver;
        this.interval = interval;
        this.maxAttempts = maxAttempts;
        this.repeat = repeat;
    }

    @Override
    public void run() {
        try {
            watch();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void watch() throws InterruptedException {
        int failures = 0;
        boolean received = false;
        String lastFailure = null;
        ServiceSet previous = null;
        while (!Thread.currentThread().isInterrupted()) {
            long started = System.nanoTime();
            try {
                ServiceSet set = source.fetch();
                if (lastFailure != null) {
                    LOG.info("Swarm listener {} answers again ({})", listener, source.describe());
                }
                receiver.receive(listener, set);
                failures = 0;
                lastFailure = null;
                received = true;
                if (source.waitsForChanges()) {
                    boolean hurried = Duration.ofNanos(System.nanoTime() - started).compareTo(FEED_MIN_ROUND) < 0;
                    boolean nothingNew = set.equals(previous);
                    previous = set;
                    if (!(hurried && nothingNew)) {
                        continue;
                    }
                } else if (!repeat) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                failures++;
                // An IOException from a source already names the listener; anything else gets it added.
                String reason = e instanceof IOException && e.getMessage() != null ? e.getMessage()
                        : "Swarm listener " + listener + ": " + e;
                if (!received && maxAttempts > 0 && failures >= maxAttempts) {
                    LOG.error("Giving up on Swarm listener {} after {} failed attempts, the last one: {}. Its services"
                            + " arrive only through its notifications", listener, failures, reason);
                    return;
                }
                if (!Objects.equals(reason, lastFailure)) {
                    LOG.warn("{}; retrying every {} ms{}", reason, interval.toMillis(),
                            received ? ", keeping the services it listed last" : "");
                } else {
                    LOG.debug("{} (again)", reason);
                }
                lastFailure = reason;
            }
            Thread.sleep(interval);
        }
    }
}
