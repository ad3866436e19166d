package dev.swarmgate.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * How a proxy replica keeps in step with the rest of its swarm (dfp-compat §4.1, §4.2): the name of its own Swarm
 * service, whose {@code tasks.<name>} DNS entry lists the replicas a {@code distribute=true} request fans out to, and
 * the Swarm listeners it fetches the service list from.
 *
 * @param proxyServiceName {@code SERVICE_NAME}
 * @param listeners        {@code LISTENER_ADDRESS} as base URLs ({@code http://swarm-listener:8080}); empty when
 *                         there is no listener
 * @param reloadInterval   {@code RELOAD_INTERVAL}: the pause between fetches from a listener
 * @param reloadAttempts   {@code RELOAD_ATTEMPTS}: tries per listener before giving up, when there are several
 * @param repeatReload     {@code REPEAT_RELOAD}: keep fetching every interval after the first success
 * @param instanceFilter   {@code PROXY_INSTANCE_NAME} and {@code FILTER_PROXY_INSTANCE_NAME}: which of the swarm's
 *                         services this proxy applies when several proxies share it
 * @param peerLookupPause  {@code DNS_LOOKUP_PAUSE_MS}: how long a starting replica waits before it looks its peers up
 *                         to copy their certificates (lets Swarm's DNS catch up); zero by default
 */
public record ReplicaSync(String proxyServiceName, List<URI> listeners, Duration reloadInterval, int reloadAttempts,
                          boolean repeatReload, InstanceFilter instanceFilter, Duration peerLookupPause) {

    /** Without a pause before the peer lookup. */
    public ReplicaSync(String proxyServiceName, List<URI> listeners, Duration reloadInterval, int reloadAttempts,
                       boolean repeatReload, InstanceFilter instanceFilter) {
        this(proxyServiceName, listeners, reloadInterval, reloadAttempts, repeatReload, instanceFilter, Duration.ZERO);
    }

    /** Docker Flow Proxy's image defaults: service {@code proxy}, no listener, 5000 ms, 5 attempts, no repeat. */
    public static final ReplicaSync DEFAULTS = new ReplicaSync("proxy", List.of(), Duration.ofMillis(5000), 5, false);

    /** Without instance filtering ({@link InstanceFilter#DEFAULTS}). */
    public ReplicaSync(String proxyServiceName, List<URI> listeners, Duration reloadInterval, int reloadAttempts,
                       boolean repeatReload) {
        this(proxyServiceName, listeners, reloadInterval, reloadAttempts, repeatReload, InstanceFilter.DEFAULTS);
    }

    public ReplicaSync {
        listeners = List.copyOf(listeners);
        if (peerLookupPause == null || peerLookupPause.isNegative()) {
            throw new IllegalArgumentException("peerLookupPause must be zero or positive, got " + peerLookupPause);
        }
        if (reloadInterval.isNegative() || reloadInterval.isZero()) {
            throw new IllegalArgumentException("reloadInterval must be positive, got " + reloadInterval);
        }
        if (reloadAttempts < 1) {
            throw new IllegalArgumentException("reloadAttempts must be at least 1, got " + reloadAttempts);
        }
    }

    /** These settings with another pause before the certificate copy from peers ({@code DNS_LOOKUP_PAUSE_MS}). */
    public ReplicaSync withPeerLookupPause(Duration pause) {
        return new ReplicaSync(proxyServiceName, listeners, reloadInterval, reloadAttempts, repeatReload,
                instanceFilter, pause);
    }

    /** The DNS name that lists every replica of the proxy service. */
    public String replicasHost() {
        return "tasks." + proxyServiceName;
    }
}
