package dev.swarmgate.testing.swarm;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Asks a question over and over at a fixed interval until the answer is the one awaited, and says when that was:
 * the swarm scenarios measure latencies with it (how long after a task ran did the first 200 come), so the interval
 * is the measurement's resolution. Running out of time fails with the last answer and the swarm's diagnostics.
 */
public final class Poll {

    private Poll() {
    }

    /** The answer awaited, the wall-clock moment it came, and how long after the poll started. */
    public record Seen<T>(T value, Instant at, Duration after) {

        public long millis() {
            return after.toMillis();
        }
    }

    /**
     * Calls {@code probe} every {@code interval} (the time a call takes included) until {@code done} accepts its
     * answer; fails after {@code atMost} with {@code what}, the last answer (or exception) and {@code diagnostics}.
     * A probe that throws counts as a wrong answer.
     */
    public static <T> Seen<T> until(String what, Duration interval, Duration atMost, Supplier<T> probe,
                                    Predicate<? super T> done, Supplier<String> diagnostics) {
        long start = System.nanoTime();
        long deadline = start + atMost.toNanos();
        Object last = null;
        long next = start;
        while (true) {
            try {
                T answer = probe.get();
                last = answer;
                if (done.test(answer)) {
                    return new Seen<>(answer, Instant.now(), Duration.ofNanos(System.nanoTime() - start));
                }
            } catch (RuntimeException e) {
                last = e; // e.g. an admin API not answering yet: asked again until the time is up
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + atMost + "; the last answer: " + describe(last)
                        + "\n" + diagnostics.get());
            }
            next += interval.toNanos();
            long pause = next - System.nanoTime();
            if (pause > 0) {
                sleep(pause);
            } else {
                next = System.nanoTime(); // a slow probe: no burst of catch-up calls
            }
        }
    }

    private static String describe(Object answer) {
        return answer instanceof FreshGet.Answer get ? get.describe() : String.valueOf(answer);
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while polling", e);
        }
    }
}
