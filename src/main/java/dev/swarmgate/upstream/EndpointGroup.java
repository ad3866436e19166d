package dev.swarmgate.upstream;

import dev.swarmgate.config.BackendTarget;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The resolved addresses of one backend target, picked round robin. Resolution happens off the event loop; the
 * last good address set keeps serving while a refresh is under way or fails transiently.
 */
public final class EndpointGroup {

    private static final InetSocketAddress[] NONE = new InetSocketAddress[0];

    private final BackendTarget target;
    private final AddressResolver resolver;
    private final AtomicInteger next = new AtomicInteger();
    private volatile InetSocketAddress[] endpoints = NONE;
    private volatile CompletableFuture<InetSocketAddress[]> firstResolution;
    private volatile boolean refreshing;
    private volatile long lastRefreshNanos;

    EndpointGroup(BackendTarget target, AddressResolver resolver) {
        this.target = target;
        this.resolver = resolver;
        this.firstResolution = new CompletableFuture<>();
        refresh();
    }

    public BackendTarget target() {
        return target;
    }

    /** The current addresses; empty until the first resolution succeeded. */
    public List<InetSocketAddress> endpoints() {
        return List.of(endpoints);
    }

    /**
     * Picks the next endpoint, or null when none is known yet; then {@link #whenResolved()} tells when to retry.
     */
    public InetSocketAddress pick() {
        InetSocketAddress[] current = endpoints;
        if (current.length == 0) {
            return null;
        }
        if (current.length == 1) {
            return current[0];
        }
        return current[Math.floorMod(next.getAndIncrement(), current.length)];
    }

    /** How many endpoints there are right now (an upper bound on useful connect attempts). */
    public int size() {
        return endpoints.length;
    }

    /** Completes when a resolution finished: with the addresses, or exceptionally when the name does not resolve. */
    public CompletableFuture<InetSocketAddress[]> whenResolved() {
        CompletableFuture<InetSocketAddress[]> resolution = firstResolution;
        if (resolution.isCompletedExceptionally()) {
            // The name did not resolve last time: ask again (at most twice a second), a service may have appeared.
            reportConnectFailure();
        }
        return resolution;
    }

    /** A connect to one of the addresses failed: the task may be gone, so ask DNS again soon. */
    public void reportConnectFailure() {
        if (System.nanoTime() - lastRefreshNanos > 500_000_000L) {
            refresh();
        }
    }

    /** Resolves again unless a resolution is already under way. */
    void refresh() {
        if (refreshing) {
            return;
        }
        refreshing = true;
        lastRefreshNanos = System.nanoTime();
        resolver.resolve(target.host()).whenComplete((addresses, failure) -> {
            refreshing = false;
            if (failure == null) {
                InetSocketAddress[] resolved = toEndpoints(addresses);
                endpoints = resolved;
                CompletableFuture<InetSocketAddress[]> first = firstResolution;
                if (!first.complete(resolved)) {
                    firstResolution = CompletableFuture.completedFuture(resolved);
                }
            } else {
                // A transient DNS failure keeps the last good set: backends outlive a DNS hiccup.
                if (endpoints.length == 0) {
                    CompletableFuture<InetSocketAddress[]> first = firstResolution;
                    if (!first.completeExceptionally(failure)) {
                        firstResolution = CompletableFuture.failedFuture(failure);
                    }
                }
            }
        });
    }

    private InetSocketAddress[] toEndpoints(List<InetAddress> addresses) {
        InetSocketAddress[] result = new InetSocketAddress[addresses.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = new InetSocketAddress(addresses.get(i), target.port());
        }
        return result;
    }
}
