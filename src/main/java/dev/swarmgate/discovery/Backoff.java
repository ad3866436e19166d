package dev.swarmgate.discovery;

import java.time.Duration;

/** Waits that double from a first delay up to a ceiling after each failure, and start over after a success. */
final class Backoff {

    private final Duration first;
    private final Duration ceiling;
    private Duration next;

    Backoff(Duration first, Duration ceiling) {
        this.first = first;
        this.ceiling = ceiling;
        this.next = first;
    }

    /** The wait before the next attempt; each call doubles the one after, up to the ceiling. */
    synchronized Duration next() {
        Duration now = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(ceiling) > 0 ? ceiling : doubled;
        return now;
    }

    synchronized void reset() {
        next = first;
    }
}
