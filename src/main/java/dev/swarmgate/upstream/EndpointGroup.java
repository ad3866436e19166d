package dev.swarmgate.upstream;

import dev.swarmgate.config.BackendTarget;
import dev.swarmgate.logging.RateLimitedWarning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The endpoints of one backend target and how one is picked. Resolution happens off the event loop (TASKS:
 * {@code tasks.<host>}, else {@code <host>}; VIP: the first address of {@code <host>}; NAME: every address of
 * {@code <host>}); the last good set keeps serving while a refresh is under way or fails transiently. Only healthy
 * endpoints are picked, and among them those not excluded by passive detection; when every healthy endpoint is
 * excluded, they are picked anyway (a failed connect costs a retry, refusing everything would cost every request).
 */
public final class EndpointGroup {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointGroup.class);
    private static final Endpoint[] NONE = new Endpoint[0];
    private static final long NO_DEADLINE = Long.MAX_VALUE;
    private static final long MIN_FAILURE_REFRESH_NANOS = 500_000_000L;

    private final BackendTarget target;
    private final AddressResolver resolver;
    private final LoadBalancer balancer;
    private final LongAdder unavailable = new LongAdder();
    private volatile Endpoint[] endpoints = NONE;
    private volatile Endpoint[] pickable = NONE;
    /** When the earliest passive exclusion among healthy endpoints ends: the pickable set must be rebuilt then. */
    private volatile long rebuildAtNanos = NO_DEADLINE;
    private volatile CompletableFuture<InetSocketAddress[]> firstResolution;
    /** Guarded by {@code this}: whether a resolution is under way. */
    private boolean refreshing;
    /** Guarded by {@code this}: asked for while one was under way, whose answer may predate the change. */
    private boolean refreshAgain;
    private volatile long lastRefreshNanos;
    private volatile HealthChecker healthChecker;
    /** Sticky-session ids per service name (usually one: destinations of several services rarely share a target). */
    private final Map<String, StickyEndpoints> sticky = new ConcurrentHashMap<>(2);
    /** Why the last failed health check failed, for the line about a target with no healthy endpoint. */
    private volatile String lastProbeFailure;
    /** The rate-limited WARN per cause of clients that got no connection. */
    private final Map<ConnectFailure, RateLimitedWarning> connectWarnings = new ConcurrentHashMap<>(2);

    EndpointGroup(BackendTarget target, AddressResolver resolver) {
        this.target = target;
        this.resolver = resolver;
        this.balancer = LoadBalancer.of(target.balance());
        this.firstResolution = new CompletableFuture<>();
        refresh();
    }

    public BackendTarget target() {
        return target;
    }

    /** The current endpoints; empty until the first resolution succeeded. */
    public List<Endpoint> endpointList() {
        return List.of(endpoints);
    }

    /** The current addresses; empty until the first resolution succeeded. */
    public List<InetSocketAddress> endpoints() {
        Endpoint[] current = endpoints;
        List<InetSocketAddress> addresses = new ArrayList<>(current.length);
        for (Endpoint endpoint : current) {
            addresses.add(endpoint.address());
        }
        return addresses;
    }

    /** Whether {@link #pick(long)} reads the client hash; callers compute it only then. */
    public boolean hashesClients() {
        return balancer.hashesClients();
    }

    /**
     * Picks a healthy endpoint with the target's algorithm, or null when there is none: before the first
     * resolution ({@link #size()} is 0; {@link #whenResolved()} tells when to retry), or when no endpoint is healthy
     * (the caller answers 503 or closes; counted in {@link #unavailableCount()}).
     *
     * @param clientHash a hash of the client address (e.g. {@code InetAddress.hashCode()}); 0 when not hashing
     */
    public Endpoint pick(long clientHash) {
        Endpoint[] candidates = pickable;
        if (rebuildAtNanos != NO_DEADLINE && System.nanoTime() - rebuildAtNanos >= 0
                || candidates.length == 0 && endpoints.length > 0) {
            // A deadline passed, or a resolution published its endpoints and has not rebuilt the pickable set yet.
            candidates = rebuildPickable();
        }
        if (candidates.length > 1) {
            return balancer.pick(candidates, clientHash);
        }
        if (candidates.length == 1) {
            return candidates[0];
        }
        if (endpoints.length > 0) {
            unavailable.increment();
        }
        return null;
    }

    /**
     * Like {@link #pick(long)}, but returns {@code preferred} while it is pickable (healthy and, unless every healthy
     * endpoint is, not excluded by passive detection): a sticky session keeps its endpoint only as long as a fresh
     * pick could have chosen it, and otherwise moves.
     *
     * @param preferred the endpoint a sticky cookie names, or null
     */
    public Endpoint pick(long clientHash, Endpoint preferred) {
        if (preferred != null) {
            Endpoint[] candidates = pickable;
            if (rebuildAtNanos != NO_DEADLINE && System.nanoTime() - rebuildAtNanos >= 0) {
                candidates = rebuildPickable();
            }
            for (Endpoint candidate : candidates) {
                if (candidate == preferred) {
                    return preferred;
                }
            }
        }
        return pick(clientHash);
    }

    /**
     * The sticky-session ids of the current endpoints for a service, rebuilt only when the endpoint set changed, so
     * the request path allocates nothing.
     */
    public StickyEndpoints sticky(String serviceName) {
        Endpoint[] current = endpoints;
        StickyEndpoints ids = sticky.get(serviceName);
        if (ids == null || !ids.builtFrom(serviceName, current)) {
            ids = new StickyEndpoints(serviceName, current);
            sticky.put(serviceName, ids);
        }
        return ids;
    }

    /** How many endpoints there are right now, healthy or not (an upper bound on useful connect attempts). */
    public int size() {
        return endpoints.length;
    }

    /** How many picks found endpoints but none healthy (answered 503 or closed). */
    public long unavailableCount() {
        return unavailable.sum();
    }

    /** Completes when a resolution finished: with the addresses, or exceptionally when the name does not resolve. */
    public CompletableFuture<InetSocketAddress[]> whenResolved() {
        CompletableFuture<InetSocketAddress[]> resolution = firstResolution;
        if (resolution.isCompletedExceptionally()) {
            // The name did not resolve last time: ask again (at most twice a second), a service may have appeared.
            refreshSoon();
        }
        return resolution;
    }

    /**
     * A connect to the endpoint failed (refused, reset, timed out): it is not picked for a back-off that doubles
     * with each consecutive failure, and the name is resolved again soon (the task may be gone).
     */
    public void reportConnectFailure(Endpoint endpoint) {
        int failures = endpoint.connectFailed(System.nanoTime());
        if (failures == Endpoint.EJECT_AFTER) {
            LOG.info("{}: endpoint {} ejected after {} failed connects", target, endpoint, failures);
        }
        rebuildPickable();
        refreshSoon();
    }

    /**
     * A client got no connection because of {@code failure}: a WARN per target and cause, at most one line every 10 s
     * with the count since the last, so a port where nothing listens is named in the log without flooding it.
     * {@code why} is asked only when a line is written: a storm of such failures builds no text per request.
     */
    void warnConnectFailure(ConnectFailure failure, Supplier<String> why) {
        connectWarnings.computeIfAbsent(failure, unused -> new RateLimitedWarning(LOG))
                .record(count -> target + ": " + why.get() + (count > 1 ? " (" + count + " clients got no"
                        + " connection this way since the last such line)" : ""));
    }

    /** Why no endpoint is healthy, as far as the health checks know, for the log. */
    String noHealthyEndpoint() {
        String last = lastProbeFailure;
        return "no endpoint is healthy" + (last == null ? "" : "; the last failed health check: " + last);
    }

    /** A connect to the endpoint succeeded: it leaves any passive failure state. */
    public void reportSuccess(Endpoint endpoint) {
        if (endpoint.connectSucceeded()) {
            rebuildPickable();
        }
    }


    /**
     * An active probe result (health checker thread).
     *
     * @param failure why the probe failed ({@code connection refused ...}, {@code GET /health answered 500}); null
     *                when it succeeded
     */
    void probed(Endpoint endpoint, String failure, int rise, int fall) {
        if (failure != null) {
            lastProbeFailure = failure;
        }
        if (endpoint.probed(failure == null, rise, fall)) {
            if (endpoint.healthy()) {
                endpoint.resetPassive();
                LOG.info("{}: endpoint {} is healthy again ({} passed health checks)", target, endpoint, rise);
            } else {
                LOG.warn("{}: endpoint {} is unhealthy after {} failed health checks, the last: {}", target,
                        endpoint, fall, failure);
            }
            rebuildPickable();
        }
    }

    void healthChecker(HealthChecker checker) {
        this.healthChecker = checker;
    }

    /** Stops active checks (the group is no longer used). */
    void close() {
        HealthChecker checker = healthChecker;
        if (checker != null) {
            checker.stop();
        }
    }

    private synchronized Endpoint[] rebuildPickable() {
        long now = System.nanoTime();
        Endpoint[] all = endpoints;
        List<Endpoint> healthy = new ArrayList<>(all.length);
        List<Endpoint> included = new ArrayList<>(all.length);
        long rebuildAt = NO_DEADLINE;
        for (Endpoint endpoint : all) {
            if (!endpoint.healthy()) {
                continue;
            }
            healthy.add(endpoint);
            if (endpoint.excludedAt(now)) {
                long until = endpoint.excludedUntilNanos();
                if (rebuildAt == NO_DEADLINE || until - rebuildAt < 0) {
                    rebuildAt = until;
                }
            } else {
                included.add(endpoint);
            }
        }
        Endpoint[] result = (included.isEmpty() ? healthy : included).toArray(NONE);
        pickable = result;
        rebuildAtNanos = rebuildAt;
        return result;
    }

    private void refreshSoon() {
        if (System.nanoTime() - lastRefreshNanos > MIN_FAILURE_REFRESH_NANOS) {
            refresh();
        }
    }

    /** Resolves again; when a resolution is already under way, once more after it. */
    void refresh() {
        synchronized (this) {
            if (refreshing) {
                refreshAgain = true;
                return;
            }
            refreshing = true;
        }
        lastRefreshNanos = System.nanoTime();
        CompletableFuture<List<InetSocketAddress>> resolution = resolve(target, resolver);
        resolution.whenComplete((addresses, failure) -> {
            boolean again;
            synchronized (this) {
                refreshing = false;
                again = refreshAgain;
                refreshAgain = false;
            }
            if (again) {
                refresh();
                return;
            }
            if (failure == null) {
                update(addresses);
            } else if (endpoints.length == 0) {
                // A transient DNS failure keeps the last good set: backends outlive a DNS hiccup.
                CompletableFuture<InetSocketAddress[]> first = firstResolution;
                if (!first.completeExceptionally(failure)) {
                    firstResolution = CompletableFuture.failedFuture(failure);
                }
            }
        });
    }

    /** The endpoints of a target as its discovery finds them; a pool's are the union of its members'. */
    static CompletableFuture<List<InetSocketAddress>> resolve(BackendTarget target, AddressResolver resolver) {
        int port = target.port();
        return switch (target.discovery()) {
            case TASKS -> resolver.resolve("tasks." + target.host())
                    .exceptionallyCompose(noTasks -> resolver.resolve(target.host()))
                    .thenApply(addresses -> StaticAddresses.withPort(addresses, port));
            case VIP -> resolver.resolve(target.host())
                    .thenApply(addresses -> StaticAddresses.withPort(addresses.subList(0, 1), port));
            case NAME -> resolver.resolve(target.host()).thenApply(addresses -> StaticAddresses.withPort(addresses, port));
            case STATIC -> StaticAddresses.resolve(target.host(), resolver);
            case GROUP -> PoolAddresses.resolve(target, resolver);
        };
    }

    private void update(List<InetSocketAddress> addresses) {
        Endpoint[] previous = endpoints;
        Map<InetSocketAddress, Endpoint> known = new HashMap<>();
        for (Endpoint endpoint : previous) {
            known.put(endpoint.address(), endpoint);
        }
        Endpoint[] next = new Endpoint[addresses.size()];
        InetSocketAddress[] resolved = new InetSocketAddress[next.length];
        boolean changed = next.length != previous.length;
        for (int i = 0; i < next.length; i++) {
            InetSocketAddress address = addresses.get(i);
            Endpoint endpoint = known.get(address);
            if (endpoint == null) {
                endpoint = new Endpoint(address);
                changed = true;
            }
            next[i] = endpoint;
            resolved[i] = address;
        }
        if (changed) {
            endpoints = next;
            rebuildPickable();
        }
        CompletableFuture<InetSocketAddress[]> first = firstResolution;
        if (!first.complete(resolved) && (first.isCompletedExceptionally() || changed)) {
            firstResolution = CompletableFuture.completedFuture(resolved);
        }
    }

}
