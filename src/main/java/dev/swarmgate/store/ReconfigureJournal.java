package dev.swarmgate.store;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * What recent reconfigures did, from every source: the last entries with their messages (for the stats page) and
 * running counts per source and outcome (for metrics). A rejected service never reaches the store, so the places
 * that parse a source's input record here, not the store itself.
 */
public final class ReconfigureJournal {

    /** How many entries {@link #recent()} keeps. */
    public static final int CAPACITY = 50;

    /** What became of one service of one reconfigure. */
    public enum Outcome {
        /** Accepted as given. */
        APPLIED,
        /** Refused; the previous version of the service, if any, keeps serving. */
        REJECTED,
        /** Accepted, but some parameters or labels were ignored; the message names them. */
        PARTLY_IGNORED
    }

    /** One service's outcome; {@code message} is empty for a plain {@link Outcome#APPLIED}. */
    public record Entry(Instant at, Source source, String service, Outcome outcome, String message) {
    }

    private final ArrayDeque<Entry> recent = new ArrayDeque<>(CAPACITY);
    private final Map<Source, Map<Outcome, LongAdder>> counts = new EnumMap<>(Source.class);
    private volatile Instant lastEntry;

    public ReconfigureJournal() {
        for (Source source : Source.values()) {
            Map<Outcome, LongAdder> bySource = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                bySource.put(outcome, new LongAdder());
            }
            counts.put(source, bySource);
        }
    }

    public void record(Source source, String service, Outcome outcome, String message) {
        Entry entry = new Entry(Instant.now(), source, service, outcome, message);
        counts.get(source).get(outcome).increment();
        synchronized (recent) {
            if (recent.size() == CAPACITY) {
                recent.removeLast();
            }
            recent.addFirst(entry);
        }
        lastEntry = entry.at();
    }

    /** Newest first, at most {@link #CAPACITY}. */
    public List<Entry> recent() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }

    public long count(Source source, Outcome outcome) {
        return counts.get(source).get(outcome).sum();
    }

    /** When the last entry was recorded, if any was. */
    public Optional<Instant> lastEntry() {
        return Optional.ofNullable(lastEntry);
    }
}
