package dev.swarmgate.testing.swarm;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
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
     * Calls {@code probe} every {@code interval} (Awaitility's fixed poll interval) until {@code done} accepts its
     * answer; fails after {@code atMost} with {@code what}, the last answer (or exception) and {@code diagnostics}.
     * A probe that throws counts as a wrong answer.
     */
    public static <T> Seen<T> until(String what, Duration interval, Duration atMost, Supplier<T> probe,
                                    Predicate<? super T> done, Supplier<String> diagnostics) {
        long start = System.nanoTime();
        AtomicReference<Object> last = new AtomicReference<>();
        AtomicReference<Seen<T>> seen = new AtomicReference<>();
        try {
            Awaitility.await(what).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(interval).until(() -> {
                try {
                    T answer = probe.get();
                    last.set(answer);
                    if (done.test(answer)) {
                        seen.set(new Seen<>(answer, Instant.now(), Duration.ofNanos(System.nanoTime() - start)));
                        return true;
                    }
                } catch (RuntimeException e) {
                    last.set(e); // e.g. an admin API not answering yet: asked again until the time is up
                }
                return false;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what + ": not within " + atMost + "; the last answer: " + describe(last.get())
                    + "\n" + diagnostics.get(), e);
        }
        return seen.get();
    }

    private static String describe(Object answer) {
        return answer instanceof FreshGet.Answer get ? get.describe() : String.valueOf(answer);
    }
}
