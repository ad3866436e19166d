package dev.swarmgate.listener;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The full set of create-parameter maps, and the addresses of each service's running tasks, under a version that
 * changes only when one of them does, for proxies that follow the listener by long-polling
 * ({@code GET /v1/swarmgate/feed?after=<version>&wait=<seconds>}) instead of receiving one notification per change.
 * A poll whose version is behind is answered at once; one that is current waits without a thread (a future completed
 * by the next change, or by a timeout with the unchanged set).
 *
 * <p>Version 0 means the swarm was not listed yet (the set is empty and means nothing). The first listing gets the
 * start time in milliseconds as its version and every change adds one, so versions keep growing across restarts of
 * the listener and a proxy never mistakes a restarted listener's set for one it already has.
 */
public final class ServiceFeed {

    /**
     * One version of the set, sorted by serviceName.
     *
     * @param taskAddresses by serviceName, the IP addresses of the service's running tasks on every network but
     *                      ingress (a proxy keeps those on its own networks); {@code null}, and left out of the JSON,
     *                      until the tasks were first listed. A service missing from it is left to DNS.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Version(long version, List<Map<String, String>> services, Map<String, List<String>> taskAddresses) {
        public Version {
            services = List.copyOf(services);
            if (taskAddresses != null) {
                Map<String, List<String>> sorted = new TreeMap<>();
                taskAddresses.forEach((name, addresses) -> sorted.put(name, List.copyOf(addresses)));
                taskAddresses = Collections.unmodifiableMap(sorted);
            }
        }
    }

    private final long firstVersion;
    private Version current = new Version(0, List.of(), null);
    private final List<CompletableFuture<Version>> waiting = new ArrayList<>();

    /** @param firstVersion the version of the first listing; above every version a previous run could have used */
    public ServiceFeed(long firstVersion) {
        if (firstVersion < 1) {
            throw new IllegalArgumentException("the first version must be 1 or more: 0 means not listed yet");
        }
        this.firstVersion = firstVersion;
    }

    /**
     * Takes the current set and task addresses ({@code null} while the tasks were not listed); wakes the waiting
     * polls when either differs from the last ones, or is the first.
     */
    void publish(List<Map<String, String>> services, Map<String, List<String>> taskAddresses) {
        List<CompletableFuture<Version>> wake;
        Version next;
        synchronized (this) {
            Version candidate = new Version(current.version(), services, taskAddresses);
            if (current.version() != 0 && current.equals(candidate)) {
                return;
            }
            next = new Version(current.version() == 0 ? firstVersion : current.version() + 1, services,
                    taskAddresses);
            current = next;
            wake = List.copyOf(waiting);
            waiting.clear();
        }
        wake.forEach(poll -> poll.complete(next));
    }

    public synchronized Version current() {
        return current;
    }

    /**
     * The first version after {@code after}: now if the current one is, else when the next change comes, else after
     * {@code wait} the current one anyway. Cancelling the future (the client went away) forgets the poll.
     */
    public CompletableFuture<Version> after(long after, Duration wait) {
        CompletableFuture<Version> poll;
        synchronized (this) {
            if (current.version() > after || !wait.isPositive()) {
                return CompletableFuture.completedFuture(current);
            }
            poll = new CompletableFuture<>();
            waiting.add(poll);
            // No change before the timeout means the set then is this one.
            poll.completeOnTimeout(current, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
        poll.whenComplete((version, failure) -> forget(poll));
        return poll;
    }

    /** How many polls are held now. */
    synchronized int waiting() {
        return waiting.size();
    }

    private synchronized void forget(CompletableFuture<Version> poll) {
        waiting.remove(poll);
    }
}
