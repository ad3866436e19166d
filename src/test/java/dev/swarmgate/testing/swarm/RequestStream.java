package dev.swarmgate.testing.swarm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests sent through the proxy back to back, each on a fresh connection ({@link FreshGet}), by a few client
 * threads, while a test changes the swarm under them; {@link #stop} says how many were sent, how many failed and
 * why, and which tasks answered (the backend names its container in every body). A failure is anything but a 200.
 */
public final class RequestStream {

    private static final Pattern HOST = Pattern.compile("host=(\\S+)");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int KEPT_FAILURES = 20;

    private final int port;
    private final String path;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> answersByHost = new TreeMap<>();
    private final List<Thread> clients = new ArrayList<>();
    private final long start = System.nanoTime();

    private RequestStream(int port, String path) {
        this.port = port;
        this.path = path;
    }

    /** Starts {@code clients} threads sending {@code GET <path>?n=<i>} to 127.0.0.1:port until {@link #stop}. */
    public static RequestStream start(int port, String path, int clients) {
        RequestStream stream = new RequestStream(port, path);
        for (int i = 0; i < clients; i++) {
            stream.clients.add(Thread.ofPlatform().daemon().name("requests-" + i).start(stream::send));
        }
        return stream;
    }

    /** Requests answered so far: progress while the stream runs. */
    public int sent() {
        return sent.get();
    }

    private void send() {
        while (running.get()) {
            int n = sent.incrementAndGet();
            FreshGet.Answer answer = FreshGet.send(port, path + "?n=" + n, TIMEOUT);
            if (answer.ok()) {
                Matcher host = HOST.matcher(answer.body());
                synchronized (answersByHost) {
                    answersByHost.merge(host.find() ? host.group(1) : "(no host in body)", 1, Integer::sum);
                }
            } else {
                failed.incrementAndGet();
                if (failures.size() < KEPT_FAILURES) {
                    failures.add(String.format("request %d at +%d ms: %s", n, millisSinceStart(),
                            answer.describe()));
                }
            }
        }
    }

    /** Stops sending, waits for the requests under way, and returns the tally. */
    public Tally stop() {
        running.set(false);
        for (Thread client : clients) {
            try {
                client.join(TIMEOUT.plusSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping the request stream", e);
            }
        }
        synchronized (answersByHost) {
            return new Tally(sent.get(), failed.get(), List.copyOf(failures), Map.copyOf(answersByHost),
                    Duration.ofMillis(millisSinceStart()));
        }
    }

    private long millisSinceStart() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * What a stream did: requests sent, how many failed (and the first few failures, with their time since the
     * start), the 200s per answering task, and how long it ran.
     */
    public record Tally(int sent, int failed, List<String> firstFailures, Map<String, Integer> answersByHost,
                        Duration duration) {

        public String describe() {
            return String.format("%d requests in %d ms (%.0f/s), %d failed%s; answers per task: %s", sent,
                    duration.toMillis(), sent * 1000.0 / Math.max(1, duration.toMillis()), failed,
                    firstFailures.isEmpty() ? "" : " (first: " + String.join("; ", firstFailures) + ")",
                    answersByHost);
        }
    }
}
