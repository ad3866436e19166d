package dev.swarmgate.admin;

import dev.swarmgate.httpapi.ApiReply;
import dev.swarmgate.store.ConfigStore;
import dev.swarmgate.store.Source;
import dev.swarmgate.store.StoredService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A {@code reconfigure} or {@code remove} about a service this proxy reads from the swarm itself (it routes it from
 * the swarm's labels, or the service carries the notify label, routed or not): a second feed of the same truth,
 * almost always a Swarm listener whose {@code DF_NOTIFY_*} URLs point at a proxy that does not need it. Applying it
 * would turn the service into an API service (persisted, no longer removed with its labels) and fan it out again;
 * refusing it (or a 400 for labels the swarm source refuses too) would make the listener retry every few seconds.
 * So it is answered 200 and changes nothing: the labels stay the one source of truth. A WARN says so at the first
 * such request and then at most every {@link #WARN_INTERVAL}, with the count in between.
 */
final class RedundantNotifications {

    static final Duration WARN_INTERVAL = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(RedundantNotifications.class);

    private final ConfigStore store;
    private final Predicate<String> swarmMarks;
    // Guarded by this.
    private long lastWarned;
    private boolean warned;
    private long ignoredSinceWarning;

    /** @param swarmMarks whether a marked swarm service goes by a name, routed or not */
    RedundantNotifications(ConfigStore store, Predicate<String> swarmMarks) {
        this.store = store;
        this.swarmMarks = swarmMarks;
    }

    /**
     * The answer to a request about {@code serviceName} when the swarm's labels define that service here; empty when
     * the request is to be handled as usual.
     *
     * @param endpoint {@code reconfigure} or {@code remove}, for the log
     */
    Optional<ApiReply> acknowledge(String endpoint, String serviceName) {
        StoredService held = store.services().get(serviceName);
        boolean routed = held != null && held.source() == Source.SWARM;
        if (!routed && !swarmMarks.test(serviceName)) {
            return Optional.empty();
        }
        LOG.info("{} serviceName={} not applied: {}", endpoint, serviceName, routed
                ? "it is routed from its swarm labels"
                : "it is a swarm service whose labels this proxy reads itself (not routed; the log says why)");
        warnAtMostEveryInterval(endpoint, serviceName);
        String message = routed
                ? "serviceName " + serviceName + " is routed from its swarm labels, which this proxy reads itself"
                + " (Swarm discovery), so this " + endpoint + " changed nothing; change the service's com.df.* labels"
                + " instead"
                : "serviceName " + serviceName + " is a swarm service whose labels this proxy reads itself (Swarm"
                + " discovery) and does not route (its log says why), so this " + endpoint + " changed nothing; fix"
                + " the service's com.df.* labels instead";
        return Optional.of(ApiReply.json(200, DfpResponse.ok(message, serviceName)));
    }

    private void warnAtMostEveryInterval(String endpoint, String serviceName) {
        long now = System.nanoTime();
        long before;
        synchronized (this) {
            if (warned && now - lastWarned < WARN_INTERVAL.toNanos()) {
                ignoredSinceWarning++;
                return;
            }
            before = ignoredSinceWarning;
            warned = true;
            lastWarned = now;
            ignoredSinceWarning = 0;
        }
        LOG.warn("{} serviceName={} ignored: this proxy reads the swarm itself (Swarm discovery is on) and knows {}"
                        + " from its com.df.* labels. A Swarm listener (Docker Flow Swarm Listener or swarmgate"
                        + " listener) that notifies this proxy is redundant: remove the DF_NOTIFY_CREATE_SERVICE_URL"
                        + " and DF_NOTIFY_REMOVE_SERVICE_URL entries that point at it, or run the proxies a listener"
                        + " feeds with LISTENER_ADDRESS and without the Docker socket. Such requests are answered 200"
                        + " and change nothing{}.", endpoint, serviceName, serviceName,
                before == 0 ? "" : " (" + before + " more since the last warning)");
    }
}
